namespace Escalation.Tests.Web;

/// <summary>The REST API of the engine, over real HTTP against the app with the demo organisation.</summary>
[Trait("Category", "Sqlite")]
public sealed class MessageApiTests : AppTest
{
    private Guid _emergency;

    protected override async Task StartedAsync() => _emergency = await Database.UnitIdAsync("ED");

    [Fact]
    public async Task Integration_PostsACriticalMessage_AndReadsItsEscalationState()
    {
        using var ehr = HttpClients.WithApiKey(App, DemoData.IntegrationKey);

        var response = await ehr.PostAsJsonAsync("/api/messages", new
        {
            tier = "Critical", subject = "Critical potassium", body = "K+ 6.9 mmol/L", patientRef = "MRN 123", unitId = _emergency, source = "Ehr", externalId = "obs-1",
        });
        var message = await ehr.GetFromJsonAsync<JsonElement>(response.Headers.Location);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Matches("^/api/messages/[0-9a-f-]{36}$", response.Headers.Location!.OriginalString);
        Assert.Equal("Critical", message.GetProperty("tier").GetString());
        Assert.Equal("Open", message.GetProperty("state").GetString());
        Assert.Equal(1, message.GetProperty("currentLayer").GetInt32());
        Assert.Equal("K+ 6.9 mmol/L", message.GetProperty("body").GetString());
        Assert.Equal(App.Clock.GetUtcNow() + TimeSpan.FromMinutes(3), message.GetProperty("nextEscalationAt").GetDateTimeOffset());
        Assert.Equal("Nora Patel", message.GetProperty("currentRecipients")[0].GetProperty("displayName").GetString());
        Assert.Equal(["Created", "LayerStarted", "Delivered"], message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task SameExternalIdTwice_ReturnsTheSameMessage()
    {
        using var ehr = HttpClients.WithApiKey(App, DemoData.IntegrationKey);
        var request = new { tier = "Urgent", subject = "Call back", body = "x", unitId = _emergency, externalId = "call-77" };

        var first = await ehr.PostAsJsonAsync("/api/messages", request);
        var second = await ehr.PostAsJsonAsync("/api/messages", request);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1, await Database.MessageCountAsync());
    }

    [Theory]
    [InlineData("{not json", HttpStatusCode.BadRequest)]
    [InlineData("""{"tier":"Apocalyptic","subject":"x","unitId":"UNIT"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"tier":"Critical","subject":"","unitId":"UNIT"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"tier":"Critical","subject":"x"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"tier":"Critical","subject":"x","unitId":"00000000-0000-0000-0000-000000000001"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"tier":"Critical","subject":"x","unitId":"UNIT","source":"Manual"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"tier":"Critical","subject":"x","unitId":"UNIT","externalId":"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"}""", HttpStatusCode.BadRequest)]
    public async Task BadInput_GetsAProblemDetails_AndChangesNothing(string json, HttpStatusCode expected)
    {
        using var ehr = HttpClients.WithApiKey(App, DemoData.IntegrationKey);

        var response = await ehr.PostAsync("/api/messages", new StringContent(json.Replace("UNIT", _emergency.ToString()), Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0, await Database.MessageCountAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task MissingOrUnknownKey_Is401(string? key)
    {
        using var client = key is null ? new HttpClient { BaseAddress = new Uri(App.BaseUrl) } : HttpClients.WithApiKey(App, key);

        var response = await client.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject = "x", unitId = _emergency });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await Database.MessageCountAsync());
    }

    [Fact]
    public async Task Recipient_Acknowledges_AStrangerCannot_AndTheChargeNurseMayOnTheUnitsBehalf()
    {
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");
        using var doctor = await HttpClients.SignedInAsync(App, "doctor@demo.local");
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        var first = await HttpClients.SendCriticalAsync(nurse, _emergency, "first");
        var second = await HttpClients.SendCriticalAsync(nurse, _emergency, "second");
        var fromDoctor = await HttpClients.SendCriticalAsync(doctor, _emergency, "third");

        var read = await nurse.PostAsync($"/api/messages/{first}/read", null);
        var stranger = await doctor.PostAsync($"/api/messages/{first}/ack", null);
        var senderNotRecipient = await doctor.PostAsync($"/api/messages/{fromDoctor}/ack", null);
        var mine = await nurse.PostAsync($"/api/messages/{first}/ack", null);
        var again = await nurse.PostAsync($"/api/messages/{first}/ack", null);
        var onBehalf = await charge.PostAsync($"/api/messages/{second}/ack", null);
        var closed = await nurse.PostAsJsonAsync($"/api/messages/{first}/close", new { outcome = "ActionTaken", note = "Repeat K+ ordered" });

        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        // Somebody else's message does not exist for a clinician; their own, sent to somebody else, is not theirs to acknowledge.
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, senderNotRecipient.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, onBehalf.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        var view = await charge.GetFromJsonAsync<JsonElement>($"/api/messages/{first}");
        Assert.Equal("Closed", view.GetProperty("state").GetString());
        var board = await charge.GetFromJsonAsync<JsonElement>("/api/messages?state=open");
        Assert.DoesNotContain(board.EnumerateArray(), m => m.GetProperty("id").GetGuid() == first);
    }

    [Fact]
    public async Task MessagesOfOthers_AreInvisibleToAClinician_AndTheBoardToClinicians()
    {
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");
        using var doctor = await HttpClients.SignedInAsync(App, "doctor@demo.local");
        var id = await HttpClients.SendCriticalAsync(nurse, _emergency, "private");

        Assert.Equal(HttpStatusCode.NotFound, (await doctor.GetAsync($"/api/messages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await doctor.GetAsync("/api/messages?state=open")).StatusCode);
    }

    [Fact]
    public async Task Administrator_RevisesALadder_SeesGuidanceWarnings_AndVersionHistory_WhileOthersAreRefused()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");
        var ladders = await admin.GetFromJsonAsync<JsonElement>("/api/ladders");
        var critical = ladders.EnumerateArray().Single(l => l.GetProperty("name").GetString() == "Critical");
        var family = critical.GetProperty("familyId").GetGuid();

        var revised = await admin.PutAsJsonAsync($"/api/ladders/{family}", new
        {
            name = "Critical",
            changeNote = "Slower first layer",
            layers = new object[]
            {
                new { roles = new[] { "PrimaryNurse" }, timeoutSeconds = 600, channels = new[] { "Inbox" } },
                new { roles = new[] { "ChargeNurse" }, timeoutSeconds = 600, channels = new[] { "Inbox" } },
                new { roles = new[] { "Attending", "OnCallPhysician" }, timeoutSeconds = 420, channels = new[] { "Inbox" } },
            },
        });
        var body = await revised.Content.ReadFromJsonAsync<JsonElement>();
        var versions = await admin.GetFromJsonAsync<JsonElement>($"/api/ladders/{family}/versions");
        var invalid = await admin.PutAsJsonAsync($"/api/ladders/{family}", new { name = "Critical", layers = new[] { new { roles = new[] { "Janitor" }, timeoutSeconds = 60 } } });

        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        var warnings = body.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.Contains("first Critical timeout is 10 min"));
        Assert.Contains(warnings, w => w.Contains("reaches Layer 3 after 20 min"));
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync("/api/ladders")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync("/api/tiers")).StatusCode);
    }

    [Fact]
    public async Task CriticalTier_CannotBeMadeToStopEscalating()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        var tiers = await admin.GetFromJsonAsync<JsonElement>("/api/tiers");
        var ladder = tiers.EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "Critical").GetProperty("ladderId").GetGuid();

        var response = await admin.PutAsJsonAsync("/api/tiers/Critical", new { escalates = false, ladderId = ladder, requiresAck = true });
        var urgent = await admin.PutAsJsonAsync("/api/tiers/Urgent", new { escalates = true, ladderId = ladder, requiresAck = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, urgent.StatusCode);
    }

    [Fact]
    public async Task ApiKey_IsShownOnce_Works_AndStopsWorkingWhenRevoked()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");

        var issued = await (await admin.PostAsJsonAsync("/api/apikeys", new { name = "Answering service", sourceName = "acme-answering", binding = new { practices = new[] { _emergency } } })).Content.ReadFromJsonAsync<JsonElement>();
        var key = issued.GetProperty("key").GetString()!;
        using var service = HttpClients.WithApiKey(App, key);
        var before = await service.PostAsJsonAsync("/api/messages", new { tier = "Urgent", subject = "Patient called", unitId = _emergency });
        var listed = await admin.GetStringAsync("/api/apikeys");
        await admin.DeleteAsync($"/api/apikeys/{issued.GetProperty("id").GetGuid()}");
        var after = await service.PostAsJsonAsync("/api/messages", new { tier = "Urgent", subject = "Patient called", unitId = _emergency });

        Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        Assert.DoesNotContain(key, listed);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await using var db = Database.NewContext();
        Assert.DoesNotContain(await db.ApiKeys.Select(k => k.Hash).ToListAsync(), h => h == key);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        using var client = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/messages", paths);
        Assert.Contains("/api/messages/{id}/ack", paths);
        Assert.Contains("/api/ladders", paths);
    }

    [Fact]
    public async Task Deadline_FiredByTheEngine_ShowsInTheApi()
    {
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");
        var id = await HttpClients.SendCriticalAsync(nurse, _emergency, "escalate me");

        App.Clock.Advance(TimeSpan.FromMinutes(3));
        await App.Services.GetRequiredService<Escalation.Infrastructure.Engine.EscalationEngine>().FireDeadlineAsync(new Escalation.Domain.Messages.MessageId(id));
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        var view = await charge.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");

        Assert.Equal(2, view.GetProperty("currentLayer").GetInt32());
        Assert.Equal("Casey Rivera", view.GetProperty("currentRecipients")[0].GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task EscalateNow_IsForChargeNursesAndAdministrators_AndMovesTheMessageOn()
    {
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");
        using var doctor = await HttpClients.SignedInAsync(App, "doctor@demo.local");
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        var id = await HttpClients.SendCriticalAsync(nurse, _emergency, "escalate me");

        var refused = await nurse.PostAsync($"/api/messages/{id}/escalate", null);
        var stranger = await doctor.PostAsync($"/api/messages/{id}/escalate", null);
        var done = await charge.PostAsync($"/api/messages/{id}/escalate", null);

        // The nurse sees the message but may not move it on; to the doctor it does not exist.
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        var message = await charge.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
        Assert.Equal(2, message.GetProperty("currentLayer").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await charge.PostAsync($"/api/messages/{Guid.NewGuid()}/escalate", null)).StatusCode);
    }

    [Fact]
    public async Task Replies_AreForThoseWhoMaySeeTheMessage_AreEncryptedAtRest_AndDoNotAcknowledge()
    {
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");
        using var doctor = await HttpClients.SignedInAsync(App, "doctor@demo.local");
        var id = await HttpClients.SendCriticalAsync(nurse, _emergency, "reply to me");

        var reply = await nurse.PostAsJsonAsync($"/api/messages/{id}/replies", new { text = "Calling the patient now, K+ 6.9" });
        var stranger = await doctor.PostAsJsonAsync($"/api/messages/{id}/replies", new { text = "hello" });
        var empty = await nurse.PostAsJsonAsync($"/api/messages/{id}/replies", new { text = " " });
        var thread = await nurse.GetFromJsonAsync<JsonElement>($"/api/messages/{id}/replies");

        Assert.Equal(HttpStatusCode.NoContent, reply.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("Calling the patient now, K+ 6.9", thread[0].GetProperty("text").GetString());
        Assert.Equal("Nora Patel", thread[0].GetProperty("displayName").GetString());
        Assert.Equal("Open", (await nurse.GetFromJsonAsync<JsonElement>($"/api/messages/{id}")).GetProperty("state").GetString());
        await using var db = Database.NewContext();
        var stored = await db.Set<Escalation.Infrastructure.Engine.MessageReply>().SingleAsync();
        Assert.DoesNotContain("K+ 6.9", stored.Text.Ciphertext);
    }

    [Fact]
    public async Task ChargeNurse_ActsForTheirOwnUnitOnly()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        await using var db = Database.NewContext();
        var cardiology = (await db.Units.SingleAsync(u => u.Code == "CARD")).Id.Value;
        var response = await admin.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject = "Cardiology only", body = "b", unitId = cardiology });
        var elsewhere = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var own = await HttpClients.SendCriticalAsync(admin, _emergency, "Emergency");

        var list = await charge.GetFromJsonAsync<JsonElement>("/api/messages?state=open");

        Assert.DoesNotContain(list.EnumerateArray(), m => m.GetProperty("id").GetGuid() == elsewhere);
        Assert.Contains(list.EnumerateArray(), m => m.GetProperty("id").GetGuid() == own);
        Assert.Equal(HttpStatusCode.NotFound, (await charge.GetAsync($"/api/messages/{elsewhere}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await charge.PostAsync($"/api/messages/{elsewhere}/ack", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await charge.PostAsync($"/api/messages/{elsewhere}/escalate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await charge.PostAsync($"/api/messages/{own}/ack", null)).StatusCode);
        Assert.Equal("Open", (await admin.GetFromJsonAsync<JsonElement>($"/api/messages/{elsewhere}")).GetProperty("state").GetString());
    }
}
