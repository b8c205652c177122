using System.Globalization;
using System.Net.Http.Headers;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Fhir.Lifecycle;
using Escalation.Infrastructure.Integrations;

namespace Escalation.Tests.Fhir;

/// <summary>
/// The demo app on Kestrel with the test clock, and a fake FHIR server standing in for the source's own (the
/// <c>dev-integration</c> key's source has it as its BaseUrl, with a bearer token). The write-back sweep's own timer
/// is set to a day so that only the test runs it (<see cref="CommunicationWriteBack.RunOnceAsync"/>).
/// </summary>
public abstract class ResultLifecycleHarness(DatabaseProvider provider) : IAsyncLifetime
{
    protected const string Token = "source-bearer-token";
    protected const string OtherKey = "other-lab-key";

    protected TestDatabase Database { get; private set; } = default!;

    protected FakeFhirServer Fhir { get; private set; } = default!;

    protected AppHost App { get; private set; } = default!;

    protected TestClock Clock => App.Clock;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        Fhir = await FakeFhirServer.StartAsync();
        App = new AppHost(Database.Options, settings: new Dictionary<string, string?>
        {
            ["Fhir:Sources:0:Name"] = "dev-integration",
            ["Fhir:Sources:0:BaseUrl"] = Fhir.BaseUrl.AbsoluteUri,
            ["Fhir:Sources:0:BearerToken"] = Token,
            ["Fhir:WriteBack:Interval"] = "1.00:00:00",
            ["Fhir:WriteBack:MaxAttempts"] = "3",
            ["Fhir:WriteBack:FirstRetryDelay"] = "00:00:10",
        }).Start();
        await using var db = Database.NewContext();
        var other = ApiKey.FromKnownKey("Other lab", "other-lab", OtherKey, "test", Clock.GetUtcNow());
        other.Bind(new KeyBinding([], "other-lab", [])); // it feeds /fhir as its own source (docs/decisions/019)
        db.ApiKeys.Add(other);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Fhir.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>A potassium result as a lab sends it: its own id and version, a patient reference and the order it answers.</summary>
    protected static string Potassium(string id, int version, decimal value, string status = "final") => $$$"""
        {"resourceType":"Observation","id":"{{{id}}}","meta":{"versionId":"{{{version}}}"},"status":"{{{status}}}",
         "basedOn":[{"reference":"ServiceRequest/order-7"}],
         "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
         "code":{"coding":[{"system":"http://loinc.org","code":"2823-3","display":"Potassium"}],"text":"Potassium"},
         "subject":{"reference":"Patient/p-42","display":"Jane Doe"},
         "effectiveDateTime":"2026-11-02T13:30:00Z",
         "valueQuantity":{"value":{{{value.ToString(CultureInfo.InvariantCulture)}}},"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}
        """;

    protected async Task<(HttpStatusCode Status, string Diagnostics)> PostAsync(string json, string key = DemoData.IntegrationKey)
    {
        using var client = HttpClients.WithApiKey(App, key);
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await client.PostAsync("/fhir/Observation", content);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, string.Join(" | ", body.GetProperty("issue").EnumerateArray().Select(i => i.GetProperty("diagnostics").GetString())));
    }

    protected async Task<JsonElement> SearchAsync(string about, string key = DemoData.IntegrationKey)
    {
        using var client = HttpClients.WithApiKey(App, key);
        using var response = await client.GetAsync($"/fhir/Communication?about={Uri.EscapeDataString(about)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    protected async Task<List<Message>> MessagesAsync()
    {
        await using var db = Database.NewContext();
        var messages = await db.Messages.AsNoTracking().Include(m => m.Deliveries).Where(m => m.Source == MessageSource.Ehr).ToListAsync();
        return messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.ExternalId).ToList();
    }

    protected async Task<List<LabResultRecord>> RecordsAsync()
    {
        await using var db = Database.NewContext();
        var records = await db.Set<LabResultRecord>().AsNoTracking().ToListAsync();
        return records.OrderBy(r => r.ReceivedAt).ThenBy(r => r.VersionId).ToList();
    }

    protected async Task<List<LabCommunication>> CommunicationsAsync()
    {
        await using var db = Database.NewContext();
        var rows = await db.Set<LabCommunication>().AsNoTracking().ToListAsync();
        return rows.OrderBy(c => c.CreatedAt).ThenBy(c => c.Kind).ToList();
    }

    protected async Task<List<string>> AuditDetailsAsync(Guid messageId, string kind)
    {
        await using var db = Database.NewContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.MessageId == messageId && e.Kind == kind).Select(e => e.Detail ?? "").ToListAsync();
    }

    protected Task<WriteBackRun> RunOnceAsync() => App.Services.GetRequiredService<CommunicationWriteBack>().RunOnceAsync();

    protected async Task AcknowledgeAsync(Guid messageId, string email = "nurse@demo.local")
    {
        using var person = await HttpClients.SignedInAsync(App, email);
        using var response = await person.PostAsync($"/api/messages/{messageId}/ack", null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    protected async Task CloseAsync(Guid messageId, string email = "nurse@demo.local")
    {
        using var person = await HttpClients.SignedInAsync(App, email);
        using var response = await person.PostAsync($"/api/messages/{messageId}/close",
            new StringContent("""{"outcome":"ActionTaken","note":"Repeat K+ for Jane Doe"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}

[Trait("Category", "Sqlite")]
public sealed class ResultLifecycleTests() : ResultLifecycleHarness(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task SameVersionTwice_IsOneMessage_AndOneRecordedResult()
    {
        var first = await PostAsync(Potassium("k-1", 1, 6.8m));
        var again = await PostAsync(Potassium("k-1", 1, 6.8m));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("already received", again.Diagnostics);
        var message = Assert.Single(await MessagesAsync());
        Assert.Equal("Observation/k-1/_history/1", message.ExternalId);
        var record = Assert.Single(await RecordsAsync());
        Assert.Equal(("dev-integration", "Observation/k-1", "1", "final", LabResultOutcome.Sent, message.Id.Value),
            (record.SourceName, record.Resource, record.VersionId, record.Status, record.Outcome, record.MessageId!.Value));
        Assert.Equal((6.8m, "mmol/L", "Patient/p-42", "ServiceRequest/order-7"), (record.Value!.Value, record.Unit, record.PatientReference, record.BasedOn));
    }

    [Fact]
    public async Task NormalResult_IsRecorded_AndCreatesNothing()
    {
        var response = await PostAsync(Potassium("k-2", 1, 4.2m));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Contains("no message", response.Diagnostics);
        Assert.Empty(await MessagesAsync());
        var record = Assert.Single(await RecordsAsync());
        Assert.Equal((LabResultOutcome.NothingToSend, Escalation.Domain.LabResults.ResultFlag.Normal, (Guid?)null), (record.Outcome, record.Flag, record.MessageId));
    }

    [Fact]
    public async Task WorseAmendment_PagesAgain_WithANewMessageThatSaysWhatItAmends()
    {
        await PostAsync(Potassium("k-3", 1, 6.8m));
        Clock.Advance(TimeSpan.FromMinutes(5));
        var amended = await PostAsync(Potassium("k-3", 2, 7.4m, "amended"));

        Assert.Equal(HttpStatusCode.Created, amended.Status);
        var messages = await MessagesAsync();
        Assert.Equal(["Observation/k-3/_history/1", "Observation/k-3/_history/2"], messages.Select(m => m.ExternalId));
        var (original, amendment) = (messages[0], messages[1]);
        Assert.Equal(Tier.Critical, amendment.Tier);
        Assert.Equal("Amended: Critical lab result: Potassium", amendment.Subject);
        Assert.NotEmpty(amendment.Deliveries);
        var body = App.Services.GetRequiredService<PatientDataProtector>().Unprotect(amendment.Body);
        Assert.StartsWith($"AMENDED: replaces version 1 received 2026-11-02 14:00 UTC (was 6.8 mmol/L (critical)); earlier message {original.Id.Value}.", body);
        Assert.Contains("7.4", body);
        Assert.Equal([LabResultOutcome.Sent, LabResultOutcome.AmendedWorse], (await RecordsAsync()).Select(r => r.Outcome));
        var note = Assert.Single(await AuditDetailsAsync(original.Id.Value, LabResultLifecycle.AmendedKind));
        Assert.Contains($"paged again as message {amendment.Id.Value}", note);
    }

    [Fact]
    public async Task AmendmentNotWorse_IsNotedOnTheOpenMessage_AndPagesNobody()
    {
        await PostAsync(Potassium("k-4", 1, 6.8m));
        var pagesBefore = (await MessagesAsync()).Single().Deliveries.Count;
        // Less than the first layer's timeout, so any new page would be the amendment's.
        Clock.Advance(TimeSpan.FromSeconds(30));
        var amended = await PostAsync(Potassium("k-4", 2, 6.5m, "corrected"));

        Assert.Equal(HttpStatusCode.OK, amended.Status);
        Assert.Contains("not worse than version 1", amended.Diagnostics);
        var message = Assert.Single(await MessagesAsync());
        Assert.Equal(pagesBefore, message.Deliveries.Count);
        Assert.Equal(MessageState.Open, message.State);
        var note = Assert.Single(await AuditDetailsAsync(message.Id.Value, LabResultLifecycle.AmendedKind));
        Assert.Contains("now 6.5 mmol/L (critical), was 6.8 mmol/L (critical)", note);
        Assert.Contains("Not worse, so nobody was paged again", note);
        var records = await RecordsAsync();
        Assert.Equal([LabResultOutcome.Sent, LabResultOutcome.AmendedNotWorse], records.Select(r => r.Outcome));
        Assert.Equal(message.Id.Value, records[1].MessageId);
    }

    [Fact]
    public async Task EnteredInError_NotesTheOpenMessage_TellsItsHolder_AndPagesNobody()
    {
        await PostAsync(Potassium("k-5", 1, 6.8m));
        var message = Assert.Single(await MessagesAsync());
        var nurse = await Database.UserIdAsync("nurse@demo.local");
        Assert.Contains(nurse, message.Deliveries.Select(d => d.RecipientId));
        var changes = new List<MessageChanged>();
        using var subscription = App.Services.GetRequiredService<EngineNotifier>().Subscribe(c =>
        {
            lock (changes)
            {
                changes.Add(c);
            }
        });
        // Less than the first layer's timeout, so any new page would be the withdrawal's.
        Clock.Advance(TimeSpan.FromSeconds(30));

        var withdrawn = await PostAsync(Potassium("k-5", 2, 6.8m, "entered-in-error"));

        Assert.Equal(HttpStatusCode.OK, withdrawn.Status);
        Assert.Contains("its holders were told; nothing paged", withdrawn.Diagnostics);
        var after = Assert.Single(await MessagesAsync());
        Assert.Equal((MessageState.Open, message.Deliveries.Count), (after.State, after.Deliveries.Count));
        var note = Assert.Single(await AuditDetailsAsync(message.Id.Value, LabResultLifecycle.WithdrawnKind));
        Assert.Contains("The lab marked this result entered-in-error at 2026-11-02 14:00:30 UTC", note);
        await using (var db = Database.NewContext())
        {
            var notice = await db.Notices.AsNoTracking().SingleAsync(n => n.UserId == nurse && n.Kind == "lab-result");
            Assert.Equal($"/messages/{message.Id.Value}", notice.Link);
            Assert.Contains("entered-in-error", notice.Body);
        }

        lock (changes)
        {
            Assert.Contains(changes, c => c.MessageId == message.Id && c.RecipientIds.Contains(nurse));
        }

        var record = (await RecordsAsync())[1];
        Assert.Equal((LabResultOutcome.Withdrawn, message.Id.Value, true), (record.Outcome, record.MessageId!.Value, record.HoldersToldAt is not null));
    }

    [Fact]
    public async Task EnteredInError_WithNoOpenMessage_IsOnlyRecorded()
    {
        await PostAsync(Potassium("k-6", 1, 4.4m));
        var withdrawn = await PostAsync(Potassium("k-6", 2, 4.4m, "entered-in-error"));

        Assert.Contains("recorded; no open message", withdrawn.Diagnostics);
        Assert.Empty(await MessagesAsync());
        Assert.Equal([LabResultOutcome.NothingToSend, LabResultOutcome.Withdrawn], (await RecordsAsync()).Select(r => r.Outcome));
        await using var db = Database.NewContext();
        Assert.False(await db.Notices.AnyAsync(n => n.Kind == "lab-result"));
    }

    [Fact]
    public async Task Acknowledgment_WritesOneCommunication_ThatTheSourceFinds_AndNoOtherSourceSees()
    {
        await PostAsync(Potassium("k-7", 1, 6.8m));
        var message = Assert.Single(await MessagesAsync());
        var delivered = message.Deliveries.Min(d => d.DeliveredAt);
        Clock.Advance(TimeSpan.FromMinutes(4));
        await AcknowledgeAsync(message.Id.Value);
        // An empty searchset: R4 JSON has no empty arrays, so Firely's serializer leaves "entry" out when nothing matched.
        var none = await SearchAsync("Observation/k-7");
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        Assert.False(none.TryGetProperty("entry", out _));

        await RunOnceAsync();
        await RunOnceAsync();

        var bundle = await SearchAsync("Observation/k-7");
        Assert.Equal(("Bundle", "searchset", 1), (bundle.GetProperty("resourceType").GetString(), bundle.GetProperty("type").GetString(), bundle.GetProperty("total").GetInt32()));
        var entry = Assert.Single(bundle.GetProperty("entry").EnumerateArray());
        var communication = entry.GetProperty("resource");
        Assert.Equal("Communication", communication.GetProperty("resourceType").GetString());
        Assert.EndsWith($"/fhir/Communication/{communication.GetProperty("id").GetString()}", entry.GetProperty("fullUrl").GetString());
        Assert.Equal("completed", communication.GetProperty("status").GetString());
        Assert.Equal("Observation/k-7", communication.GetProperty("about")[0].GetProperty("reference").GetString());
        Assert.Equal("Patient/p-42", communication.GetProperty("subject").GetProperty("reference").GetString());
        Assert.Equal("ServiceRequest/order-7", communication.GetProperty("basedOn")[0].GetProperty("reference").GetString());
        Assert.Equal("Nora Patel", communication.GetProperty("sender").GetProperty("display").GetString());
        Assert.Equal("dev-integration", communication.GetProperty("recipient")[0].GetProperty("display").GetString());
        Assert.Equal(delivered, DateTimeOffset.Parse(communication.GetProperty("sent").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(delivered.AddMinutes(4), DateTimeOffset.Parse(communication.GetProperty("received").GetString()!, CultureInfo.InvariantCulture));
        var payload = communication.GetProperty("payload")[0].GetProperty("contentString").GetString()!;
        Assert.Equal("Critical result acknowledged by Nora Patel at 2026-11-02 14:04 UTC.", payload);
        Assert.DoesNotContain("Jane", communication.GetRawText());
        var otherSees = await SearchAsync("Observation/k-7", OtherKey);
        Assert.Equal(0, otherSees.GetProperty("total").GetInt32());
        Assert.False(otherSees.TryGetProperty("entry", out _)); // no entries (R4 JSON has no empty arrays)
        Assert.Single(await CommunicationsAsync());
        Assert.Single(await AuditDetailsAsync(message.Id.Value, "CommunicationWritten"));
    }

    [Fact]
    public async Task Close_WritesASecondCommunication_WithoutTheClosingNote()
    {
        await PostAsync(Potassium("k-8", 1, 2.4m));
        var message = Assert.Single(await MessagesAsync());
        await AcknowledgeAsync(message.Id.Value);
        Clock.Advance(TimeSpan.FromMinutes(20));
        await CloseAsync(message.Id.Value);

        await RunOnceAsync();

        var entries = (await SearchAsync("Observation/k-8")).GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal([CommunicationKind.Acknowledged, CommunicationKind.Closed], (await CommunicationsAsync()).Select(c => c.Kind));
        var closed = entries.Single(e => e.GetProperty("payload")[0].GetProperty("contentString").GetString()!.Contains("closed", StringComparison.Ordinal));
        Assert.Equal("Critical result message closed by Nora Patel at 2026-11-02 14:20 UTC: action taken.", closed.GetProperty("payload")[0].GetProperty("contentString").GetString());
        Assert.DoesNotContain("Jane", closed.GetRawText());
    }

    [Fact]
    public async Task WriteBack_PostsToTheSourcesFhirServer_WithItsBearerToken_AndRetriesA503()
    {
        await PostAsync(Potassium("k-9", 1, 6.8m));
        var message = Assert.Single(await MessagesAsync());
        await AcknowledgeAsync(message.Id.Value);
        Fhir.AnswerNextPosts(503);

        var first = await RunOnceAsync();
        var tooSoon = await RunOnceAsync();
        Clock.Advance(TimeSpan.FromSeconds(10));
        var second = await RunOnceAsync();

        Assert.Equal((1, 0, 1, 0), (first.Written, first.Delivered, first.Retrying, first.Failed));
        Assert.Equal(new WriteBackRun(0, 0, 0, 0), tooSoon);
        Assert.Equal(1, second.Delivered);
        Assert.Equal(2, Fhir.Posts.Count);
        Assert.All(Fhir.Posts, r =>
        {
            Assert.Equal(("POST", "/fhir/Communication", $"Bearer {Token}"), (r.Method, r.Path, r.Authorization));
            Assert.StartsWith("application/fhir+json", r.ContentType);
        });
        var communication = Assert.Single(await CommunicationsAsync());
        Assert.Equal($"identifier=urn:ietf:rfc:3986|urn:uuid:{communication.Id}", Fhir.Posts[1].IfNoneExist);
        Assert.Equal(communication.ResourceJson, Fhir.Posts[1].Body);
        Assert.Equal((WriteBackState.Delivered, 2), (communication.State, communication.Attempts));
    }

    [Fact]
    public async Task WriteBack_GivesUpAfterTheLastAttempt_RecordsTheFailure_AndTellsAdministrators()
    {
        await PostAsync(Potassium("k-10", 1, 6.8m));
        var message = Assert.Single(await MessagesAsync());
        await AcknowledgeAsync(message.Id.Value);
        Fhir.AnswerNextPosts(500, 502, 503);

        await RunOnceAsync();
        Clock.Advance(TimeSpan.FromSeconds(10));
        await RunOnceAsync();
        Clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(0, (await RunOnceAsync()).Failed);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var last = await RunOnceAsync();
        Clock.Advance(TimeSpan.FromHours(1));
        await RunOnceAsync();

        Assert.Equal(1, last.Failed);
        Assert.Equal(3, Fhir.Posts.Count);
        var communication = Assert.Single(await CommunicationsAsync());
        Assert.Equal((WriteBackState.Failed, 3, "HTTP 503 Service Unavailable"), (communication.State, communication.Attempts, communication.LastError));
        Assert.Contains("could not be sent to dev-integration after 3 attempt(s)", Assert.Single(await AuditDetailsAsync(message.Id.Value, "CommunicationWriteBackFailed")));
        await using var db = Database.NewContext();
        var admin = await Database.UserIdAsync("admin@demo.local");
        Assert.True(await db.Notices.AnyAsync(n => n.UserId == admin && n.Kind == "fhir-writeback"));
        // Still readable by the source, even though its server never took it.
        Assert.Single((await SearchAsync("Observation/k-10")).GetProperty("entry").EnumerateArray());
    }

    [Fact]
    public async Task CommunicationSearch_RefusesPeopleAndBadQueries()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");
        using var ehr = HttpClients.WithApiKey(App, DemoData.IntegrationKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/fhir/Communication?about=Observation/k-1")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await nurse.GetAsync("/fhir/Communication?about=Observation/k-1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ehr.GetAsync("/fhir/Communication")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ehr.GetAsync("/fhir/Communication?about=Patient/p-42")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ehr.GetAsync("/fhir/Communication?subject=Patient/p-42")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ehr.GetAsync($"/fhir/Communication/{Guid.NewGuid()}")).StatusCode);
    }
}

/// <summary>The same tables on PostgreSQL: the lifecycle records and one Communication per step, under the unique indexes.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresResultLifecycleTests() : ResultLifecycleHarness(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task RecordsAndCommunications_AreKeptSingle_OnPostgres()
    {
        await PostAsync(Potassium("k-20", 1, 6.8m));
        await PostAsync(Potassium("k-20", 1, 6.8m));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await PostAsync(Potassium("k-20", 2, 7.5m, "amended"));
        var messages = await MessagesAsync();
        Assert.Equal(2, messages.Count);
        await AcknowledgeAsync(messages[1].Id.Value);

        await Task.WhenAll(RunOnceAsync(), RunOnceAsync());
        await RunOnceAsync();

        Assert.Equal([LabResultOutcome.Sent, LabResultOutcome.AmendedWorse], (await RecordsAsync()).Select(r => r.Outcome));
        var communication = Assert.Single(await CommunicationsAsync());
        Assert.Equal((messages[1].Id, CommunicationKind.Acknowledged, WriteBackState.Delivered), (communication.MessageId, communication.Kind, communication.State));
        Assert.Single(Fhir.Posts);
        await using var db = Database.NewContext();
        db.Add(new LabCommunication(Guid.NewGuid(), messages[1].Id, CommunicationKind.Acknowledged, "dev-integration", "Observation/k-20", "{}", false, Clock.GetUtcNow()));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
