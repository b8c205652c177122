using Escalation.Domain.LabResults;

namespace Escalation.Tests.Fhir;

/// <summary>What "worse" means for an amended result: the rule that decides between paging again and a note.</summary>
[Trait("Category", "Unit")]
public sealed class JudgedResultTests
{
    private static JudgedResult Critical(decimal value, ResultDirection direction, string unit = "mmol/L") => new(DetectionOutcome.Critical, ResultFlag.Critical, value, unit, direction);

    private static JudgedResult Urgent(decimal value) => new(DetectionOutcome.Urgent, ResultFlag.Abnormal, value, "mmol/L", ResultDirection.High);

    private static readonly JudgedResult Normal = new(DetectionOutcome.None, ResultFlag.Normal, 4.2m, "mmol/L", ResultDirection.None);

    public static TheoryData<string, JudgedResult, JudgedResult, bool> Cases => new()
    {
        { "urgent amended to critical", Urgent(5.8m), Critical(6.8m, ResultDirection.High), true },
        { "normal amended to critical", Normal, Critical(6.8m, ResultDirection.High), true },
        { "normal amended to urgent", Normal, Urgent(5.8m), true },
        { "critical high, further above", Critical(6.8m, ResultDirection.High), Critical(7.4m, ResultDirection.High), true },
        { "critical low, further below", Critical(2.5m, ResultDirection.Low), Critical(2.1m, ResultDirection.Low), true },
        { "critical high amended to critical low", Critical(6.8m, ResultDirection.High), Critical(2.4m, ResultDirection.Low), true },
        { "critical high, the same value", Critical(6.8m, ResultDirection.High), Critical(6.8m, ResultDirection.High), false },
        { "critical high, less far above", Critical(7.4m, ResultDirection.High), Critical(6.6m, ResultDirection.High), false },
        { "critical low, less far below", Critical(2.1m, ResultDirection.Low), Critical(2.5m, ResultDirection.Low), false },
        { "critical amended to urgent", Critical(6.8m, ResultDirection.High), Urgent(5.8m), false },
        { "critical amended to normal", Critical(6.8m, ResultDirection.High), Normal, false },
        { "critical in another unit", Critical(6.8m, ResultDirection.High), Critical(9m, ResultDirection.High, "mEq/L"), false },
        { "normal stays normal", Normal, Normal, false },
        { "abnormal flag the site does not page", Normal, new(DetectionOutcome.None, ResultFlag.Abnormal, 5.5m, "mmol/L", ResultDirection.High), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsWorseThan_FollowsTheDefinition(string because, JudgedResult earlier, JudgedResult later, bool worse) =>
        Assert.True(later.IsWorseThan(earlier) == worse, because);

    [Fact]
    public void Of_TakesTheDirectionFromTheLimits_ElseFromTheLabsFlag()
    {
        var policy = LabDetectionPolicy.Default;
        LabObservation Potassium(decimal value, string? flag = null) => new()
        {
            Status = "final",
            Codes = [new LabCoding(LabCoding.Loinc, "2823-3", "Potassium")],
            Quantity = new LabQuantity(value, "mmol/L", "mmol/L", LabQuantity.Ucum),
            Interpretations = flag is null ? [] : [new LabCoding("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", flag, null)],
        };

        JudgedResult Judge(LabObservation o) => JudgedResult.Of(o, CriticalResultDetector.Evaluate(o, CriticalLimits.Defaults, policy), CriticalLimits.Defaults);

        Assert.Equal(new JudgedResult(DetectionOutcome.Critical, ResultFlag.Critical, 6.8m, "mmol/L", ResultDirection.High), Judge(Potassium(6.8m)));
        Assert.Equal(ResultDirection.Low, Judge(Potassium(2.5m)).Direction);
        Assert.Equal(ResultDirection.Low, Judge(Potassium(3.0m, "LL")).Direction);
        Assert.Equal(ResultDirection.None, Judge(Potassium(4.2m)).Direction);
    }
}
