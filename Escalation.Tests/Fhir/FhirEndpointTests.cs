using System.Net.Http.Headers;

namespace Escalation.Tests.Fhir;

/// <summary>The /fhir endpoint over real HTTP against the demo organisation, with corpus files as the EHR would send them.</summary>
[Trait("Category", "Sqlite")]
public sealed class FhirEndpointTests : AppTest
{
    private async Task<(HttpStatusCode Status, JsonElement Body, string? MediaType)> PostAsync(string path, byte[] body, string mediaType = "application/fhir+json", string? key = DemoData.IntegrationKey)
    {
        using var client = key is null ? new HttpClient { BaseAddress = new Uri(App.BaseUrl) } : HttpClients.WithApiKey(App, key);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length > 0 && text[0] != '{')
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {text}");
        }

        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<List<Message>> EhrMessagesAsync()
    {
        await using var db = Database.NewContext();
        return await db.Messages.AsNoTracking().Where(m => m.Source == MessageSource.Ehr).ToListAsync();
    }

    [Fact]
    public async Task CriticalPotassium_BecomesOneCriticalMessage_InTheDefaultUnit_EvenWhenSentTwice()
    {
        var first = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-potassium-6.8-hh.json"));
        var again = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-potassium-6.8-hh.json"));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal("application/fhir+json", first.MediaType);
        Assert.Equal("OperationOutcome", first.Body.GetProperty("resourceType").GetString());
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("already received", again.Body.GetProperty("issue")[0].GetProperty("diagnostics").GetString());
        var message = Assert.Single(await EhrMessagesAsync());
        Assert.Equal(Tier.Critical, message.Tier);
        Assert.Equal(1, message.CurrentLayer);
        Assert.StartsWith("Critical lab result: ", message.Subject);
        await using var db = Database.NewContext();
        Assert.Equal("ED", (await db.Units.SingleAsync(u => u.Id == message.UnitId)).Code);
    }

    [Theory]
    [InlineData("ours-potassium-cancelled.json")]
    [InlineData("ours-potassium-entered-in-error.json")]
    [InlineData("hl7-r4-observation-f205-egfr.json")]
    public async Task NotReportableOrNotCritical_IsAccepted_AndCreatesNothing(string file)
    {
        var response = await PostAsync("/fhir/Observation", FhirCorpus.Bytes(file));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Contains("no message", response.Body.GetProperty("issue")[0].GetProperty("diagnostics").GetString());
        Assert.Empty(await EhrMessagesAsync());
    }

    [Fact]
    public async Task BadInput_GetsAnOperationOutcome_With4xx_AndChangesNothing()
    {
        var invalid = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-invalid-json.json"));
        var wrongType = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-wrong-resourcetype-medication.json"));
        var missing = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-observation-missing-code.json"));
        var media = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-potassium-6.8-hh.json"), "application/fhir+xml");
        var tooBig = await PostAsync("/fhir/Observation", Encoding.UTF8.GetBytes("{\"resourceType\":\"Observation\",\"note\":\"" + new string('x', 9 * 1024 * 1024) + "\"}"));
        var report = await PostAsync("/fhir/DiagnosticReport", FhirCorpus.Bytes("ours-potassium-6.8-hh.json"));
        var transaction = await PostAsync("/fhir", FhirCorpus.Bytes("ours-transaction-second-entry-missing-status.json"));
        var anonymous = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-potassium-6.8-hh.json"), key: null);

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.UnsupportedMediaType, HttpStatusCode.RequestEntityTooLarge,
            HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], new[] { invalid, wrongType, missing, media, tooBig, report, transaction }.Select(r => r.Status));
        Assert.All(new[] { invalid, wrongType, missing, media, tooBig, report, transaction }, r => Assert.Equal("OperationOutcome", r.Body.GetProperty("resourceType").GetString()));
        Assert.Equal("required", missing.Body.GetProperty("issue")[0].GetProperty("code").GetString());
        Assert.Contains("Entry 1", transaction.Body.GetProperty("issue")[0].GetProperty("diagnostics").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Empty(await EhrMessagesAsync());
    }

    [Fact]
    public async Task ABodyThatIsNotUtf8_IsRefusedWithA400_AndCreatesNothing()
    {
        // A critical potassium whose patient name an interface engine sent in Latin-1: refused, not paged with U+FFFD.
        var text = Encoding.UTF8.GetString(FhirCorpus.Bytes("ours-potassium-6.8-hh.json"));
        var at = text.IndexOf("\"status\"", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(text[..at]).Concat(new byte[] { 0x22, 0x4D, 0xFC, 0x22, 0x3A, 0x30, 0x2C }).Concat(Encoding.UTF8.GetBytes(text[at..])).ToArray();

        var response = await PostAsync("/fhir/Observation", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.StartsWith("The body is not valid UTF-8", response.Body.GetProperty("issue")[0].GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
        Assert.Empty(await EhrMessagesAsync());
    }

    [Fact]
    public async Task ByteOrderMark_AndTransaction_AreAccepted_AReportWhoseResultIsNeitherContainedNorSent_NeedsTheSourcesFhirBase()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-potassium-2.5-ll-bom.json"))).Status);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/fhir", FhirCorpus.Bytes("ours-transaction-potassium-and-patient.json"))).Status);
        // Its second result would be fetched from the source (FhirSourceEndpointTests); the demo key's has no FHIR base, so nothing is sent.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync("/fhir/DiagnosticReport", FhirCorpus.Bytes("ours-diagnosticreport-contained-potassium.json"))).Status);

        Assert.Equal(2, (await EhrMessagesAsync()).Count(m => m.Tier == Tier.Critical));
    }

    [Theory]
    [InlineData("mirror-openhie-lab-result-transaction-put.json", HttpStatusCode.Created, 4)]
    [InlineData("mirror-hl7eu-lab-report-document.json", HttpStatusCode.Created, 6)]
    [InlineData("mirror-synthea-transaction-urn-uuid.json", HttpStatusCode.OK, 5)]
    [InlineData("mirror-mii-labor-batch-consent-media.json", HttpStatusCode.OK, 3)]
    public async Task RealEhrBundle_IsAcceptedWhole_ItsOtherResourcesNotedAsNotActedOn(string file, HttpStatusCode expected, int notActedOn)
    {
        var response = await PostAsync("/fhir", FhirCorpus.Bytes(file));

        Assert.Equal(expected, response.Status);
        var diagnostics = response.Body.GetProperty("issue").EnumerateArray().Select(i => i.GetProperty("diagnostics").GetString()!).ToList();
        Assert.Equal(notActedOn, diagnostics.Count(d => d.Contains("not acted on", StringComparison.Ordinal)));
        Assert.Equal(expected == HttpStatusCode.Created ? 1 : 0, (await EhrMessagesAsync()).Count(m => m.Tier == Tier.Critical));
    }

    [Fact]
    public async Task RealEhrTransaction_WithAResultWhoseStatusIsInvalid_Is400NamingTheEntry_AndChangesNothing()
    {
        var body = Encoding.UTF8.GetString(FhirCorpus.Bytes("mirror-openhie-lab-result-transaction-put.json"))
            .Replace("\"id\": \"k-77\",\n        \"meta\": { \"versionId\": \"1\" },\n        \"basedOn\": [{ \"reference\": \"ServiceRequest/order-bmp-1\" }],\n        \"status\": \"final\"", "\"id\": \"k-77\",\n        \"meta\": { \"versionId\": \"1\" },\n        \"basedOn\": [{ \"reference\": \"ServiceRequest/order-bmp-1\" }],\n        \"status\": \"done\"", StringComparison.Ordinal);
        Assert.Contains("\"status\": \"done\"", body, StringComparison.Ordinal);

        var response = await PostAsync("/fhir", Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var issue = response.Body.GetProperty("issue")[0];
        Assert.Equal("Bundle.entry[4].resource.status", issue.GetProperty("expression")[0].GetString());
        Assert.StartsWith("Entry 4:", issue.GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
        Assert.Empty(await EhrMessagesAsync());
    }

    [Fact]
    public async Task Metadata_IsACapabilityStatement_ForR4()
    {
        using var client = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        using var response = await client.GetAsync("/fhir/metadata");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CapabilityStatement", body.GetProperty("resourceType").GetString());
        Assert.Equal("4.0.1", body.GetProperty("fhirVersion").GetString());
    }
}
