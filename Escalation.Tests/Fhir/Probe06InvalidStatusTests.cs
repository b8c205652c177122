using System.Net.Http.Headers;
using Escalation.Infrastructure.Fhir.Lifecycle;

namespace Escalation.Tests.Fhir;

/// <summary>
/// Issue 13, probe item 6: a critical result with an invalid status, or a bundle whose entries are not an array of
/// objects, must be refused with a 4xx OperationOutcome naming the element, never answered 200 while the result is
/// dropped. A valid status that is neither reportable nor a withdrawal (registered, unknown) on a result the site
/// judges critical is refused too: recorded silently it would page nobody.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class Probe06InvalidStatusTests : AppTest
{
    private static string Potassium(string status, string id = "k-probe") => File.ReadAllText(FhirCorpus.PathOf("ours-potassium-6.8-hh.json"))
        .Replace("\"id\": \"k-68\"", $"\"id\": \"{id}\"", StringComparison.Ordinal)
        .Replace("\"status\": \"final\"", $"\"status\": \"{status}\"", StringComparison.Ordinal);

    /// <summary>A report whose only result is contained, so nothing has to be fetched from the source.</summary>
    private static string Report(string reportStatus, string resultStatus) => $$"""
        {"resourceType":"DiagnosticReport","id":"r-probe","status":"{{reportStatus}}",
         "contained":[{"resourceType":"Observation","id":"k","status":"{{resultStatus}}",
           "code":{"coding":[{"system":"http://loinc.org","code":"2823-3","display":"Potassium"}],"text":"Potassium"},
           "valueQuantity":{"value":6.8,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"},
           "interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"HH"}]}]}],
         "code":{"coding":[{"system":"http://loinc.org","code":"24326-1"}],"text":"Electrolytes"},
         "result":[{"reference":"#k"}]}
        """;

    private static string Bundle(string type, string status)
    {
        var request = type is "transaction" or "batch" ? ""","request":{"method":"POST","url":"Observation"}""" : "";
        return $$"""{"resourceType":"Bundle","type":"{{type}}","entry":[{"fullUrl":"urn:uuid:1","resource":{{Potassium(status)}}{{request}}}]}""";
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var client = HttpClients.WithApiKey(App, DemoData.IntegrationKey);
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<(int Results, int Messages)> CountsAsync()
    {
        await using var db = Database.NewContext();
        return (await db.Set<LabResultRecord>().CountAsync(), await db.Messages.CountAsync());
    }

    private static void AssertRefused(HttpStatusCode expected, (HttpStatusCode Status, JsonElement Body) response, string expression)
    {
        Assert.Equal((expected, "OperationOutcome"), (response.Status, response.Body.GetProperty("resourceType").GetString()));
        var issue = response.Body.GetProperty("issue")[0];
        Assert.Equal("error", issue.GetProperty("severity").GetString());
        Assert.Contains(expression, issue.TryGetProperty("expression", out var where) ? where[0].GetString() : issue.GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("FINAL")]
    [InlineData("")]
    public async Task Probe06_CriticalObservation_WithAStatusOutsideTheValueSet_Is400_AndNothingIsRecorded(string status)
    {
        var response = await PostAsync("/fhir/Observation", Potassium(status));

        AssertRefused(HttpStatusCode.BadRequest, response, "Observation.status");
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Theory]
    [InlineData("bogus", "final", "DiagnosticReport.status")]
    [InlineData("final", "bogus", "DiagnosticReport.contained[0].status")]
    public async Task Probe06_DiagnosticReport_WithAnInvalidStatus_OrAnInvalidResultStatus_Is400_AndNothingIsRecorded(string reportStatus, string resultStatus, string expression)
    {
        var response = await PostAsync("/fhir/DiagnosticReport", Report(reportStatus, resultStatus));

        AssertRefused(HttpStatusCode.BadRequest, response, expression);
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task Probe06_DiagnosticReport_WithValidStatuses_StillPagesItsCriticalResult()
    {
        var response = await PostAsync("/fhir/DiagnosticReport", Report("final", "final"));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal((1, 1), await CountsAsync());
    }

    [Theory]
    [InlineData("transaction")]
    [InlineData("batch")]
    [InlineData("collection")]
    public async Task Probe06_Bundle_WithAnEntryWhoseStatusIsInvalid_Is400_AndNothingIsRecorded(string type)
    {
        var response = await PostAsync("/fhir", Bundle(type, "bogus"));

        AssertRefused(HttpStatusCode.BadRequest, response, "Bundle.entry[0].resource.status");
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task Probe06_RestHookNotification_CarryingAnObservationWithAnInvalidStatus_Is400()
    {
        var response = await PostAsync("/fhir/notifications", Potassium("bogus"));

        AssertRefused(HttpStatusCode.BadRequest, response, "Observation.status");
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Theory]
    [InlineData("/fhir/notifications", "history", "\"x\"")]
    [InlineData("/fhir/notifications", "history", "42")]
    [InlineData("/fhir", "transaction", "\"x\"")]
    [InlineData("/fhir", "batch", "{\"resource\":{\"resourceType\":\"Patient\"}}")]
    [InlineData("/fhir", "collection", "null")]
    public async Task Probe06_Bundle_WhoseEntryIsNotAnArray_Is400_NotNoLabResult(string path, string type, string entry)
    {
        var response = await PostAsync(path, $$"""{"resourceType":"Bundle","type":"{{type}}","entry":{{entry}}}""");

        AssertRefused(HttpStatusCode.BadRequest, response, "Bundle.entry");
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Theory]
    [InlineData("/fhir/notifications", "history")]
    [InlineData("/fhir", "transaction")]
    public async Task Probe06_Bundle_WithAnEntryThatIsNotAnObject_Is400(string path, string type)
    {
        var response = await PostAsync(path, $$"""{"resourceType":"Bundle","type":"{{type}}","entry":["x"]}""");

        AssertRefused(HttpStatusCode.BadRequest, response, "Bundle.entry[0]");
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Theory]
    [InlineData("registered")]
    [InlineData("unknown")]
    public async Task Probe06_CriticalObservation_WithAStatusThatIsNeitherReportableNorAWithdrawal_Is422_NotRecordedSilently(string status)
    {
        var response = await PostAsync("/fhir/Observation", Potassium(status));

        AssertRefused(HttpStatusCode.UnprocessableEntity, response, "Observation.status");
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task Probe06_NormalObservation_WithStatusRegistered_IsStillAcceptedAndRecorded()
    {
        var normal = Potassium("registered").Replace("\"value\": 6.8", "\"value\": 4.2", StringComparison.Ordinal).Replace("\"code\": \"HH\"", "\"code\": \"N\"", StringComparison.Ordinal);

        var response = await PostAsync("/fhir/Observation", normal);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal((1, 0), await CountsAsync());
    }
}
