using Escalation.Infrastructure.Answering;

namespace Escalation.Tests.Answering;

/// <summary>POST /api/messages as an answering service sends it, over real HTTP against the demo app (Monday 09:00 in New York).</summary>
[Trait("Category", "Sqlite")]
public sealed class AnsweringIntakeApiTests(AnsweringAppFixture fixture) : IClassFixture<AnsweringAppFixture>
{
    private readonly AnsweringApp _app = fixture.App;

    [Fact]
    public async Task AnsweringService_PostsACall_ByPracticeCode_AndTheRecipientReadsTheCaller()
    {
        using var service = HttpClients.WithApiKey(_app.App, DemoData.IntegrationKey);

        var response = await service.PostAsJsonAsync("/api/messages", new
        {
            callerName = "Jane Roe", callbackNumber = "+15555550199", reason = "Chest pain since this morning", triageTier = "Urgent", practice = "ed", externalId = "as-1001",
        });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var nurse = await HttpClients.SignedInAsync(_app.App, "nurse@demo.local");
        var message = await nurse.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
        var caller = await nurse.GetFromJsonAsync<JsonElement>($"/api/messages/{id}/caller");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(("Urgent", "AnsweringService", "Answering service call", 1),
            (message.GetProperty("tier").GetString(), message.GetProperty("source").GetString(), message.GetProperty("subject").GetString(), message.GetProperty("currentLayer").GetInt32()));
        Assert.Equal(("Jane Roe", "+15555550199", "Chest pain since this morning", "Urgent", false),
            (caller.GetProperty("callerName").GetString(), caller.GetProperty("callbackNumber").GetString(), caller.GetProperty("reason").GetString(),
             caller.GetProperty("triageTier").GetString(), caller.GetProperty("afterHours").GetBoolean()));
    }

    [Fact]
    public async Task ACompliancePersonReadsTheCaller_AClinicianWhoWasNotPagedCannot()
    {
        var id = await PostCallAsync();
        using var compliance = await HttpClients.SignedInAsync(_app.App, "compliance@demo.local");
        using var doctor = await HttpClients.SignedInAsync(_app.App, "doctor@demo.local");

        Assert.Equal(HttpStatusCode.OK, (await compliance.GetAsync($"/api/messages/{id}/caller")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await doctor.GetAsync($"/api/messages/{id}/caller")).StatusCode);
    }

    [Theory]
    [InlineData("""{"callerName":"Jane Roe","callbackNumber":"555-0199","triageTier":"Urgent","practice":"ED"}""", "callbackNumber")]
    [InlineData("""{"callerName":"Jane Roe","callbackNumber":"+1555abc0199","triageTier":"Urgent","practice":"ED"}""", "callbackNumber")]
    [InlineData("""{"callerName":"Jane Roe","triageTier":"Urgent","practice":"ED"}""", "callbackNumber")]
    [InlineData("""{"callerName":" ","callbackNumber":"+15555550199","triageTier":"Urgent","practice":"ED"}""", "callerName")]
    [InlineData("""{"callerName":"Jane Roe","callbackNumber":"+15555550199","triageTier":"Whenever","practice":"ED"}""", "triageTier")]
    [InlineData("""{"callerName":"Jane Roe","callbackNumber":"+15555550199","practice":"ED"}""", "tier")]
    [InlineData("""{"callerName":"Jane Roe","callbackNumber":"+15555550199","triageTier":"Urgent","tier":"Critical","practice":"ED"}""", "triageTier")]
    [InlineData("""{"callerName":"Jane Roe","callbackNumber":"+15555550199","triageTier":"Urgent","practice":"NOPE"}""", "practice")]
    [InlineData("""{"callerName":"Jane Roe","callbackNumber":"+15555550199","triageTier":"Urgent"}""", "practice")]
    [InlineData("""{"callerName":"Jane Roe","callbackNumber":"+15555550199","triageTier":"Urgent","practice":"ED","unitId":"00000000-0000-0000-0000-000000000001"}""", "practice")]
    [InlineData("""{"callerName":"Jane Roe","callbackNumber":"+15555550199","triageTier":"Urgent","practice":"ED","source":"Ehr"}""", "source")]
    [InlineData("""{"callerName":"Jane Roe","callbackNumber":"+15555550199","triageTier":"Urgent","practice":"ED","broadcast":true}""", "broadcast")]
    public async Task BadInput_Is400WithTheField_AndCreatesNothing(string json, string field)
    {
        using var service = HttpClients.WithApiKey(_app.App, DemoData.IntegrationKey);
        var before = await CountsAsync();

        var response = await service.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task APerson_CannotSendCallerDetails()
    {
        using var nurse = await HttpClients.SignedInAsync(_app.App, "nurse@demo.local");
        var before = await CountsAsync();

        var response = await nurse.PostAsJsonAsync("/api/messages", new { callerName = "Jane Roe", callbackNumber = "+15555550199", triageTier = "Urgent", practice = "ED" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    private async Task<(int Messages, int Calls)> CountsAsync()
    {
        await using var db = _app.Database.NewContext();
        return (await db.Messages.CountAsync(), await db.Set<AnsweringServiceCall>().CountAsync());
    }

    [Fact]
    public async Task Administrator_SetsThePracticesOfficeHours_AndBadHoursChangeNothing()
    {
        using var admin = await HttpClients.SignedInAsync(_app.App, "admin@demo.local");
        // Cardiology: a practice no other test of the class sends calls to.
        var unit = await HttpClients.UnitIdAsync(admin, "CARD");

        var defaults = await admin.GetFromJsonAsync<JsonElement>($"/api/units/{unit}/practice");
        var saved = await admin.PutAsJsonAsync($"/api/units/{unit}/practice", new { officeDays = new[] { "Mon", "Saturday" }, opens = "09:00", closes = "13:00", callerIdNumber = "+1 555 555 0100" });
        var backwards = await admin.PutAsJsonAsync($"/api/units/{unit}/practice", new { officeDays = new[] { "Mon" }, opens = "18:00", closes = "08:00" });
        var now = await admin.GetFromJsonAsync<JsonElement>($"/api/units/{unit}/practice");

        Assert.True(defaults.GetProperty("isDefault").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal(("09:00:00", "13:00:00", "+15555550100", 2), (now.GetProperty("opens").GetString(), now.GetProperty("closes").GetString(),
            now.GetProperty("callerIdNumber").GetString(), now.GetProperty("officeDays").GetArrayLength()));
        Assert.Single(await _app.AuditAsync(e => e.Kind == "PracticeSettingsChanged"));
    }

    private async Task<Guid> PostCallAsync()
    {
        using var service = HttpClients.WithApiKey(_app.App, DemoData.IntegrationKey);
        var response = await service.PostAsJsonAsync("/api/messages", new { callerName = "Jane Roe", callbackNumber = "+15555550199", triageTier = "Critical", practice = "ED" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
