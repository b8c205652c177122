namespace Escalation.Tests.Fhir;

/// <summary>Every corpus file, with the outcome listed for it in Corpus/SOURCES.md.</summary>
[Trait("Category", "Unit")]
public sealed class CorpusTests
{
    [Theory]
    [InlineData("hl7-r4-observation-f001-glucose.json", "observation None Abnormal")]
    [InlineData("hl7-r4-observation-bloodpressure.json", "observation None Abnormal")]
    [InlineData("hl7-r4-observation-f205-egfr.json", "observation None Unknown")]
    [InlineData("hl7-r4-diagnosticreport-f001-bloodexam.json", "bundle collection entries=2 valid | report f001 results=0 unresolved=5 worst=None")]
    [InlineData("hl7-dstu2-observation-f001-glucose-legacy.json", "observation None Abnormal")]
    [InlineData("backport-r4-notification-handshake.json", "notification Handshake Empty events=0 status=requested")]
    [InlineData("backport-r4-notification-heartbeat.json", "notification Heartbeat Empty events=0 status=active")]
    [InlineData("backport-r4-notification-id-only.json", "notification EventNotification IdOnly events=1 status=active")]
    [InlineData("backport-r4-notification-full-resource.json", "notification EventNotification FullResource events=1 status=active")]
    [InlineData("nhs-mns-patientflags-change-signal.json", "notification EventNotification IdOnly events=1 status=active")]
    [InlineData("ours-potassium-6.8-hh.json", "observation Critical Critical")]
    [InlineData("ours-potassium-6.5-no-flag.json", "observation Critical Critical")]
    [InlineData("ours-sodium-118-flag-l-only.json", "observation Critical Critical")]
    [InlineData("ours-potassium-2.5-ll-bom.json", "observation Critical Critical")]
    [InlineData("ours-potassium-entered-in-error.json", "observation None Unknown")]
    [InlineData("ours-potassium-cancelled.json", "observation None Unknown")]
    [InlineData("ours-blood-culture-valuestring-aa.json", "observation Critical Critical")]
    [InlineData("ours-blood-pressure-systolic-hh.json", "observation Critical Critical")]
    [InlineData("ours-diagnosticreport-contained-potassium.json", "report bmp-1 results=1 unresolved=1 worst=Critical")]
    [InlineData("ours-transaction-potassium-and-patient.json", "bundle transaction entries=2 valid")]
    [InlineData("ours-transaction-second-entry-missing-status.json", "bundle transaction entries=3 invalid first=1 (required Bundle.entry[1].resource.status)")]
    [InlineData("ours-wrong-resourcetype-medication.json", "error not-supported resourceType")]
    [InlineData("ours-observation-missing-code.json", "error required Observation.code")]
    [InlineData("ours-invalid-json.json", "error invalid")]
    [InlineData("mirror-openhie-lab-result-transaction-put.json", "bundle transaction entries=6 valid | report report-bmp-1 results=1 unresolved=0 worst=Critical")]
    [InlineData("mirror-hl7eu-lab-report-document.json", "bundle document entries=8 valid | report 0c1b2a3d-1111-4000-8000-000000000002 results=1 unresolved=0 worst=Critical")]
    [InlineData("mirror-synthea-transaction-urn-uuid.json", "bundle transaction entries=7 valid")]
    [InlineData("mirror-mii-labor-batch-consent-media.json", "bundle batch entries=5 valid")]
    public void CorpusFile_HasTheOutcomeListedInSources(string file, string expected)
    {
        Assert.Equal(expected, FhirCorpus.Describe(file));
    }

    [Fact]
    public void Sources_ListsEveryCorpusFile_AndEveryFileIsTested()
    {
        var sources = File.ReadAllText(FhirCorpus.PathOf("SOURCES.md"));
        var files = Directory.GetFiles(Path.GetDirectoryName(FhirCorpus.PathOf("x"))!, "*.json").Select(Path.GetFileName).ToList();
        var tested = typeof(CorpusTests).GetMethod(nameof(CorpusFile_HasTheOutcomeListedInSources))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]).ToList();

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Contains($"`{f}`", sources, StringComparison.Ordinal));
        Assert.Equal(files.Order(StringComparer.Ordinal), tested.Order(StringComparer.Ordinal));
    }
}
