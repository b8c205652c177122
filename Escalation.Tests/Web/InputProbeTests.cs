using System.Net.Http.Headers;
using Escalation.Tests.Fhir;

namespace Escalation.Tests.Web;

/// <summary>
/// The items of the hostile security probe (issue 13) about input and cross-site requests, each as the prober sent it,
/// over real HTTP against the demo app: the answer, its reason, and that nothing was stored.
/// </summary>
public abstract class InputProbeTests(DatabaseProvider provider) : AppTest(provider)
{
    private Guid _emergency;

    protected override async Task StartedAsync() => _emergency = await Database.UnitIdAsync("ED");

    [Fact]
    public async Task Probe03_PatientRefOverItsLimit_Is400NamingPatientRef_AndStoresNothing()
    {
        using var ehr = HttpClients.WithApiKey(App, DemoData.IntegrationKey);

        var response = await ehr.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject = "K+ 6.9", patientRef = new string('7', 1_000), unitId = _emergency });

        await AssertInvalidAsync(response, "patientRef", "at most");
        Assert.Equal(0, await Database.MessageCountAsync());
    }

    [Fact]
    public async Task Probe03_A25MiBPatientRef_Is413_AndStoresNothing()
    {
        using var ehr = HttpClients.WithApiKey(App, DemoData.IntegrationKey);

        var response = await ehr.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject = "K+ 6.9", patientRef = new string('7', 25 * 1024 * 1024), unitId = _emergency });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await Database.MessageCountAsync());
    }

    public static TheoryData<string, string?, string?> CrossSiteAcks => new()
    {
        { "form", "application/x-www-form-urlencoded", "http://evil.example" },
        { "text/plain", "text/plain", "http://evil.example" },
        { "empty", null, "http://evil.example" },
        // Same-looking origin but no custom header: a form the app never serves, so still refused.
        { "form", "application/x-www-form-urlencoded", "SELF" },
        // A cross-site script's fetch without an Origin it could hide (Origin: null from a sandboxed frame).
        { "empty", null, "null" },
    };

    [Theory]
    [MemberData(nameof(CrossSiteAcks))]
    public async Task Probe05_CrossSiteAcknowledgment_WithTheNursesCookie_Is403_AndTheMessageStaysOpen(string body, string? mediaType, string? origin)
    {
        var id = await SendToNurseAsync();
        var cookies = await HttpClients.SignInAsync(App.BaseUrl, "nurse@demo.local");
        using var forged = HttpClients.WithCookies(App.BaseUrl, cookies, sameOrigin: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/messages/{id}/ack");
        request.Headers.Add("Origin", origin == "SELF" ? App.BaseUrl : origin);
        if (mediaType is not null)
        {
            request.Content = new StringContent(body == "form" ? "note=pwned" : "{\"x\":1}", Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        var response = await forged.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("cross-site-request", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(MessageState.Open, await StateOfAsync(id));
    }

    [Fact]
    public async Task Probe05_TheAppsOwnCall_StillAcknowledges_AndAJsonEndpointRefusesAForm_With415()
    {
        var id = await SendToNurseAsync();
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");

        var closeAsForm = await nurse.PostAsync($"/api/messages/{id}/close", new FormUrlEncodedContent(new Dictionary<string, string> { ["outcome"] = "ActionTaken" }));
        var ack = await nurse.PostAsync($"/api/messages/{id}/ack", null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, closeAsForm.StatusCode);
        Assert.Equal("application/problem+json", closeAsForm.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NoContent, ack.StatusCode);
        Assert.Equal(MessageState.Acknowledged, await StateOfAsync(id));
    }

    [Theory]
    [InlineData("subject")]
    [InlineData("externalId")]
    [InlineData("patientRef")]
    public async Task Probe07_NulInAMessageField_Is400NamingTheField_AndStoresNothing(string field)
    {
        using var ehr = HttpClients.WithApiKey(App, DemoData.IntegrationKey);
        var fields = new Dictionary<string, object?> { ["tier"] = "Critical", ["subject"] = "K+ 6.9", ["unitId"] = _emergency, ["source"] = "Ehr" };
        fields[field] = "abc\u0000def";

        var response = await ehr.PostAsJsonAsync("/api/messages", fields);

        await AssertInvalidAsync(response, field, "control character");
        Assert.Equal(0, await Database.MessageCountAsync());
    }

    [Fact]
    public async Task Probe07_NulInTheCallerName_Is400NamingCallerName_AndStoresNothing()
    {
        using var service = HttpClients.WithApiKey(App, DemoData.IntegrationKey);

        var response = await service.PostAsJsonAsync("/api/messages", new { callerName = "Jane\u0000Roe", callbackNumber = "+15555550199", triageTier = "Urgent", practice = "ED" });

        await AssertInvalidAsync(response, "callerName", "control character");
        Assert.Equal(0, await Database.MessageCountAsync());
    }

    [Fact]
    public async Task Probe07_NulInAFhirCode_Is400OperationOutcome_AndStoresNothing()
    {
        using var ehr = HttpClients.WithApiKey(App, DemoData.IntegrationKey);
        var json = Encoding.UTF8.GetString(FhirCorpus.Bytes("ours-potassium-6.8-hh.json")).Replace("\"2823-3\"", "\"2823-3\\u0000\"");
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");

        var response = await ehr.PostAsync("/fhir/Observation", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Contains("control character", outcome.GetProperty("issue")[0].GetProperty("diagnostics").GetString());
        Assert.Equal("Observation.code.coding[0].code", outcome.GetProperty("issue")[0].GetProperty("expression")[0].GetString());
        Assert.Equal(0, await Database.MessageCountAsync());
    }

    [Fact]
    public async Task Probe08_DuplicateTier_Is400NamingTier_AndStoresNothing()
    {
        using var ehr = HttpClients.WithApiKey(App, DemoData.IntegrationKey);
        var json = $$"""{"tier":"Routine","subject":"K+ 6.9","unitId":"{{_emergency}}","tier":"Critical"}""";

        var response = await ehr.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertInvalidAsync(response, "tier", "more than once");
        Assert.Equal(0, await Database.MessageCountAsync());
    }

    [Fact]
    public async Task Probe10_ApiResponsesWithPatientData_AreNeverStored()
    {
        using var service = HttpClients.WithApiKey(App, DemoData.IntegrationKey);
        var sent = await service.PostAsJsonAsync("/api/messages", new { callerName = "Jane Roe", callbackNumber = "+15555550199", triageTier = "Urgent", practice = "ED" });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");
        using var compliance = await HttpClients.SignedInAsync(App, "compliance@demo.local");

        foreach (var response in new[]
                 {
                     sent,
                     await nurse.GetAsync($"/api/messages/{id}"),
                     await nurse.GetAsync($"/api/messages/{id}/caller"),
                     await compliance.GetAsync("/api/roster/export.csv"),
                     await service.GetAsync("/fhir/metadata"),
                 })
        {
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode}");
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{response.RequestMessage!.RequestUri}: Cache-Control '{response.Headers.CacheControl}'");
        }
    }

    [Fact]
    public async Task Probe12b_AWrongContentTypeWithAValidKey_Is415WithAReason()
    {
        using var ehr = HttpClients.WithApiKey(App, DemoData.IntegrationKey);
        var json = $$"""{"tier":"Critical","subject":"K+ 6.9","unitId":"{{_emergency}}"}""";

        var response = await ehr.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("application/json", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(0, await Database.MessageCountAsync());
    }

    internal static async Task AssertInvalidAsync(HttpResponseMessage response, string field, string reason)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {text}");
        Assert.Contains(reason, messages[0].GetString());
    }

    private async Task<Guid> SendToNurseAsync()
    {
        using var ehr = HttpClients.WithApiKey(App, DemoData.IntegrationKey);
        var response = await ehr.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject = "K+ 6.9", unitId = _emergency, source = "Ehr" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<MessageState> StateOfAsync(Guid id)
    {
        await using var db = Database.NewContext();
        return (await db.Messages.AsNoTracking().SingleAsync(m => m.Id == new MessageId(id))).State;
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteInputProbeTests() : InputProbeTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresInputProbeTests() : InputProbeTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerInputProbeTests() : InputProbeTests(DatabaseProvider.SqlServer);
