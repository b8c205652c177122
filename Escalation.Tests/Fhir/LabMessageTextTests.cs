using Escalation.Domain.LabResults;

namespace Escalation.Tests.Fhir;

[Trait("Category", "Unit")]
public sealed class LabMessageTextTests
{
    private static string Format(string corpusFile)
    {
        var observation = FhirCorpus.Observation(corpusFile);
        return LabMessageText.Format(observation, CriticalResultDetector.Evaluate(observation, CriticalLimits.Defaults, LabDetectionPolicy.Default));
    }

    [Fact]
    public void Format_WritesTheWholeLine_ForACriticalPotassium()
    {
        Assert.Equal(
            "CRITICAL Potassium 6.8 mmol/L (HH; ref 3.5–5.1) collected 2026-11-22 06:10 UTC — Jane Doe (MRN 12345)",
            Format("ours-potassium-6.8-hh.json"));
    }

    [Fact]
    public void Format_LeavesTheFlagOut_WhenTheLabSentNone()
    {
        Assert.Equal(
            "CRITICAL Potassium 6.5 mmol/L (ref 3.5–5.1) collected 2026-11-22 06:10 UTC — Jane Doe (MRN 12345)",
            Format("ours-potassium-6.5-no-flag.json"));
    }

    [Fact]
    public void Format_ListsTheComponentThatTriggered_AndShowsCollectionTimeInUtc()
    {
        Assert.Equal(
            "CRITICAL Blood pressure: Systolic blood pressure 232 mmHg (HH) collected 2026-11-22 06:00 UTC — Jane Doe",
            Format("ours-blood-pressure-systolic-hh.json"));
    }

    [Fact]
    public void Format_UsesTheStringValue_AndTheIdentifierOnTheReference()
    {
        Assert.Equal(
            "CRITICAL Blood culture Gram-positive cocci in clusters (AA) collected 2026-11-21 22:15 UTC — Jane Doe (MRN 12345)",
            Format("ours-blood-culture-valuestring-aa.json"));
    }

    [Fact]
    public void Format_SaysResult_WhenNothingIsRaised()
    {
        Assert.Equal(
            "RESULT Glucose [Moles/volume] in Blood 6.3 mmol/l (H; ref 3.1–6.2) collected 2013-04-02 08:30 UTC — P. van de Heuvel",
            Format("hl7-r4-observation-f001-glucose.json"));
    }
}
