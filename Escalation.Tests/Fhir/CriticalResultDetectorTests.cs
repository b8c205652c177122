using Escalation.Domain.LabResults;

namespace Escalation.Tests.Fhir;

[Trait("Category", "Unit")]
public sealed class CriticalResultDetectorTests
{
    private static readonly IReadOnlyList<CriticalLimit> Limits = CriticalLimits.Defaults;

    private static Detection Evaluate(LabObservationBuilder builder, LabDetectionPolicy? policy = null) =>
        CriticalResultDetector.Evaluate(builder.Build(), Limits, policy ?? LabDetectionPolicy.Default);

    [Fact]
    public void Evaluate_IsCritical_WhenTheLabFlagsHH()
    {
        var detection = Evaluate(new LabObservationBuilder().Value(6.8m).Flag("HH"));

        Assert.Equal(DetectionOutcome.Critical, detection.Outcome);
        Assert.Equal(ResultFlag.Critical, detection.Flag);
        Assert.Equal(["2823-3 Potassium"], detection.TriggeredBy);
        Assert.Contains("lab flag HH (critical)", detection.Reason, StringComparison.Ordinal);
        Assert.Contains("above the critical high 6.2 mmol/L", detection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_IsCriticalByLimits_WhenNoFlagWasSent()
    {
        var detection = Evaluate(new LabObservationBuilder().Value(6.5m));

        Assert.Equal(DetectionOutcome.Critical, detection.Outcome);
        Assert.Contains("no interpretation flag", detection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FlagPrecedence.MostSevereWins, DetectionOutcome.Critical)]
    [InlineData(FlagPrecedence.LimitsWin, DetectionOutcome.Critical)]
    [InlineData(FlagPrecedence.LabFlagWins, DetectionOutcome.None)]
    public void Evaluate_FollowsThePolicy_WhenFlagAndLimitsDisagree(FlagPrecedence precedence, DetectionOutcome expected)
    {
        var sodium118FlaggedLow = new LabObservationBuilder().Analyte("2951-2", "Sodium").Value(118m).Flag("L");

        var detection = Evaluate(sodium118FlaggedLow, new LabDetectionPolicy(precedence));

        Assert.Equal(expected, detection.Outcome);
        Assert.Contains("flag and limits disagree", detection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LimitsWin_KeepsANormalValueQuiet_EvenWhenFlaggedCritical()
    {
        var detection = Evaluate(new LabObservationBuilder().Value(4.0m).Flag("HH"), new LabDetectionPolicy(FlagPrecedence.LimitsWin));

        Assert.Equal(DetectionOutcome.None, detection.Outcome);
        Assert.Equal(ResultFlag.Normal, detection.Flag);
    }

    [Fact]
    public void Evaluate_LabFlagWins_FallsBackToLimits_WhenNoFlagWasSent()
    {
        var detection = Evaluate(new LabObservationBuilder().Value(6.9m), new LabDetectionPolicy(FlagPrecedence.LabFlagWins));

        Assert.Equal(DetectionOutcome.Critical, detection.Outcome);
    }

    [Theory]
    [InlineData(false, DetectionOutcome.None)]
    [InlineData(true, DetectionOutcome.Urgent)]
    public void Evaluate_AbnormalIsUrgent_OnlyWhenTheSiteAsksForIt(bool urgentForAbnormal, DetectionOutcome expected)
    {
        var detection = Evaluate(new LabObservationBuilder().Value(5.6m).Flag("H"), new LabDetectionPolicy(UrgentForAbnormal: urgentForAbnormal));

        Assert.Equal(expected, detection.Outcome);
        Assert.Equal(ResultFlag.Abnormal, detection.Flag);
    }

    [Fact]
    public void Evaluate_JudgesEachComponent_AndNamesTheOneThatTriggered()
    {
        var bloodPressure = new LabObservationBuilder().Analyte("85354-9", "Blood pressure").NoValue()
            .Component("8480-6", "Systolic blood pressure", 232m, "mm[Hg]", "HH")
            .Component("8462-4", "Diastolic blood pressure", 98m, "mm[Hg]", "H");

        var detection = Evaluate(bloodPressure);

        Assert.Equal(DetectionOutcome.Critical, detection.Outcome);
        Assert.Equal(["8480-6 Systolic blood pressure"], detection.TriggeredBy);
    }

    [Fact]
    public void Evaluate_JudgesComponentsAgainstLimits_ByTheirOwnCode()
    {
        var panel = new LabObservationBuilder().Analyte("24323-8", "Comprehensive metabolic panel").NoValue()
            .Component("2951-2", "Sodium", 140m, "mmol/L")
            .Component("6298-4", "Potassium", 7.1m, "mmol/L");

        var detection = Evaluate(panel);

        Assert.Equal(DetectionOutcome.Critical, detection.Outcome);
        Assert.Equal(["6298-4 Potassium"], detection.TriggeredBy);
    }

    [Theory]
    [InlineData(">", 6.5, ResultFlag.Critical)]
    [InlineData(">", 6.2, ResultFlag.Critical)]
    [InlineData(">=", 6.2, ResultFlag.Abnormal)]
    [InlineData(">", 6.0, ResultFlag.Abnormal)]
    [InlineData("<", 2.5, ResultFlag.Critical)]
    [InlineData("<", 5.0, ResultFlag.Abnormal)]
    [InlineData("<=", 2.8, ResultFlag.Abnormal)]
    public void Evaluate_CountsOpenEndedValuesConservatively(string comparator, double value, ResultFlag expected)
    {
        var detection = Evaluate(new LabObservationBuilder().Value((decimal)value, comparator: comparator));

        Assert.Equal(expected, detection.Flag);
    }

    [Fact]
    public void Evaluate_LeavesAnOpenEndedValueOnTheSafeSideAlone()
    {
        var troponin = new LabObservationBuilder().Analyte("6598-7", "Troponin I").Value(0.01m, "ng/mL", "<");

        Assert.Equal(ResultFlag.Normal, Evaluate(troponin).Flag);
    }

    [Fact]
    public void Evaluate_DoesNotJudgeByLimits_WhenTheUnitDiffers()
    {
        // 6.8 mmol/L would be critical, but this potassium is in mg/dL: no conversion, no judgement by limits.
        var detection = Evaluate(new LabObservationBuilder().Value(6.8m, "mg/dL"));

        Assert.Equal(DetectionOutcome.None, detection.Outcome);
        Assert.Equal(ResultFlag.Unknown, detection.Flag);
        Assert.Contains("reported in mg/dL but the limits are in mmol/L: not judged by limits", detection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_StillUsesTheFlag_WhenTheUnitDiffers()
    {
        var detection = Evaluate(new LabObservationBuilder().Value(27m, "mg/dL").Flag("HH"));

        Assert.Equal(DetectionOutcome.Critical, detection.Outcome);
    }

    [Theory]
    [InlineData("mmol/l", "mmol/L", true)]
    [InlineData("mg/dl", "mg/dL", true)]
    [InlineData("l", "L", true)]
    [InlineData("10*3/ul", "10*3/uL", true)]
    [InlineData("MMOL/L", "mmol/L", false)]
    [InlineData("Mg/dL", "mg/dL", false)]
    [InlineData("mmol/L", "mmol/L", true)]
    [InlineData("ng/L", "ng/mL", false)]
    public void SameUnit_TreatsOnlyTheLitreCaseAsEqual(string reported, string limit, bool same)
    {
        Assert.Equal(same, CriticalResultDetector.SameUnit(reported, limit));
    }

    [Fact]
    public void Evaluate_MatchesLowerCaseLitre()
    {
        Assert.Equal(DetectionOutcome.Critical, Evaluate(new LabObservationBuilder().Value(2.5m, "mmol/l")).Outcome);
    }

    [Theory]
    [InlineData("entered-in-error")]
    [InlineData("cancelled")]
    [InlineData("registered")]
    public void Evaluate_IgnoresResults_ThatAreNotResults(string status)
    {
        var detection = Evaluate(new LabObservationBuilder().Status(status).Value(6.8m).Flag("HH"));

        Assert.Equal(DetectionOutcome.None, detection.Outcome);
        Assert.StartsWith($"Status {status}", detection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://hl7.org/fhir/v2/0078")]
    [InlineData("http://terminology.hl7.org/CodeSystem/v2-0078")]
    [InlineData("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation")]
    public void Evaluate_ReadsFlagsFromCurrentAndLegacySystems(string system)
    {
        var result = new LabObservationBuilder().Analyte("600-7", "Blood culture").Text("Gram-positive cocci").Flag("AA", system);

        Assert.Equal(DetectionOutcome.Critical, Evaluate(result).Outcome);
    }

    [Fact]
    public void Evaluate_IgnoresFlagsFromOtherSystems()
    {
        var result = new LabObservationBuilder().Analyte("600-7", "Blood culture").Text("Gram-positive cocci").Flag("AA", "http://example.org/local-flags");

        Assert.Equal(ResultFlag.Unknown, Evaluate(result).Flag);
    }

    [Theory]
    [InlineData("2823-3", "mmol/L", "2.8", "6.2")]
    [InlineData("6298-4", "mmol/L", "2.8", "6.2")]
    [InlineData("2951-2", "mmol/L", "120", "160")]
    [InlineData("2345-7", "mg/dL", "40", "450")]
    [InlineData("2339-0", "mg/dL", "40", "450")]
    [InlineData("15074-8", "mmol/L", "2.2", "25")]
    [InlineData("17861-6", "mg/dL", "6.0", "13.0")]
    [InlineData("718-7", "g/dL", "7", "20")]
    [InlineData("777-3", "10*3/uL", "20", "1000")]
    [InlineData("6598-7", "ng/mL", null, "0.1")]
    [InlineData("89579-7", "ng/L", null, "52")]
    [InlineData("2524-7", "mmol/L", null, "4")]
    public void Defaults_HoldTheAgreedAdultCriticalValues(string loinc, string unit, string? low, string? high)
    {
        var limit = Assert.Single(CriticalLimits.Defaults, l => l.LoincCode == loinc);

        Assert.Equal(unit, limit.Unit);
        Assert.Equal(low is null ? null : decimal.Parse(low, System.Globalization.CultureInfo.InvariantCulture), limit.LowCritical);
        Assert.Equal(high is null ? null : decimal.Parse(high, System.Globalization.CultureInfo.InvariantCulture), limit.HighCritical);
    }
}
