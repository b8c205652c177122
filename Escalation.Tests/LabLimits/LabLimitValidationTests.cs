using Escalation.Domain.Common;
using Escalation.Domain.LabResults;

namespace Escalation.Tests.LabLimits;

[Trait("Category", "Unit")]
public sealed class LabLimitValidationTests
{
    private static readonly LabLimitInput Potassium = new("2823-3", "mmol/L", "Potassium", 2.8, 6.2, 3.5, 5.1);

    [Theory]
    [InlineData("2823-3")]
    [InlineData("718-7")]
    [InlineData("89579-7")]
    [InlineData("2339-0")]
    [InlineData("10-9")]
    public void LoincCode_IsValid_WithItsCheckDigit(string code) => Assert.True(LoincCode.IsValid(code));

    [Theory]
    [InlineData("2823-4")]
    [InlineData("2832-3")]
    [InlineData("28233")]
    [InlineData("2823-")]
    [InlineData("-3")]
    [InlineData("2823-33")]
    [InlineData("12345678-9")]
    [InlineData("28a3-3")]
    [InlineData(" 2823-3")]
    [InlineData("")]
    [InlineData(null)]
    public void LoincCode_IsRefused_WhenMalformedOrTheCheckDigitIsWrong(string? code) => Assert.False(LoincCode.IsValid(code));

    [Fact]
    public void EveryShippedDefault_PassesTheRules()
    {
        Assert.All(CriticalLimits.Defaults, d => Assert.Empty(LabLimitValidation.Validate(LabLimitInput.From(d))));
    }

    [Fact]
    public void AValidRow_HasNoErrors_AndSurroundingSpacesAreTrimmedInTheRow()
    {
        Assert.Empty(LabLimitValidation.Validate(Potassium with { LoincCode = " 2823-3 ", Unit = " mmol/L " }));

        var row = SiteLabLimit.Create(Guid.NewGuid(), Potassium with { LoincCode = " 2823-3 ", Display = " Potassium " }, "admin", DateTimeOffset.UnixEpoch);

        Assert.Equal(("2823-3", "Potassium", 6.2m), (row.LoincCode, row.Display, row.CriticalHigh));
    }

    public static TheoryData<LabLimitInput, string, string> BrokenRows => new()
    {
        { Potassium with { LoincCode = "2823-4" }, "loincCode", "check digit" },
        { Potassium with { Unit = "" }, "unit", "UCUM unit" },
        { Potassium with { Unit = "   " }, "unit", "UCUM unit" },
        { Potassium with { Unit = "mmol / L" }, "unit", "no spaces" },
        { Potassium with { Display = " " }, "display", "analyte's name" },
        { Potassium with { CriticalLow = 6.2, CriticalHigh = 2.8 }, "criticalHigh", "must be above the critical low" },
        { Potassium with { CriticalLow = 6.2, CriticalHigh = 6.2 }, "criticalHigh", "must be above the critical low" },
        { Potassium with { CriticalLow = null, CriticalHigh = null }, "criticalLow", "neither" },
        { Potassium with { CriticalHigh = double.NaN }, "criticalHigh", "finite number" },
        { Potassium with { CriticalLow = double.NegativeInfinity }, "criticalLow", "finite number" },
        { Potassium with { AbnormalHigh = 1e300 }, "abnormalHigh", "finite number" },
        { Potassium with { AbnormalLow = 5.1, AbnormalHigh = 3.5 }, "abnormalHigh", "must be above the abnormal low" },
        { Potassium with { AbnormalLow = 2.0 }, "abnormalLow", "within the critical limits" },
        { Potassium with { AbnormalHigh = 7.0 }, "abnormalHigh", "within the critical limits" },
    };

    [Theory]
    [MemberData(nameof(BrokenRows))]
    public void ABrokenRule_IsReportedOnItsField_AndTheRowCannotBeBuilt(LabLimitInput input, string field, string words)
    {
        var errors = LabLimitValidation.Validate(input);

        Assert.Contains(words, Assert.Contains(field, errors), StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => SiteLabLimit.Create(Guid.NewGuid(), input, "admin", DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void EveryBrokenRule_IsReportedAtOnce()
    {
        var errors = LabLimitValidation.Validate(new LabLimitInput("12-3", "", "", 5, 1));

        Assert.Equal(["criticalHigh", "display", "loincCode", "unit"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OnlyOneCriticalBound_IsEnough()
    {
        Assert.Empty(LabLimitValidation.Validate(new LabLimitInput("6598-7", "ng/mL", "Troponin I", null, 0.1)));
        Assert.Empty(LabLimitValidation.Validate(new LabLimitInput("2345-7", "mg/dL", "Glucose", 40, null, 70)));
    }

    [Fact]
    public void ARowReadFromAFixedScaleColumn_JudgesAndReadsAsTyped()
    {
        var row = SiteLabLimit.Create(Guid.NewGuid(), Potassium, "admin", DateTimeOffset.UnixEpoch);

        Assert.Equal("6.2", SiteLabLimit.Plain(6.200000m)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(CriticalLimits.Defaults[0], row.ToCriticalLimit());
        Assert.Contains("critical 2.8..6.2, abnormal 3.5..5.1, enabled", row.Describe(), StringComparison.Ordinal);
    }
}
