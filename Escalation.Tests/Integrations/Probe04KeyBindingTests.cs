using System.Net.Http.Headers;
using Escalation.Domain.Roster;
using Escalation.Infrastructure.Fhir.Lifecycle;
using Escalation.Tests.Fhir;

namespace Escalation.Tests.Integrations;

/// <summary>
/// Issue 13, probe item 4: an integration key feeds only what it is bound to (schedule sources, a FHIR source,
/// practices). A key made for one thing and used on another is refused with 403 and changes nothing; the binding is
/// edited through the API, audited, and takes effect on the key's next request.
/// </summary>
public abstract class Probe04KeyBindingTests(DatabaseProvider provider) : AppTest(provider)
{
    private const string Week = "role,person,start,end\nCharge Nurse,Casey Rivera,2026-11-03 07:00,2026-11-03 19:00\n";

    private HttpClient _admin = default!;
    private Guid _edSource;
    private Guid _cardSource;
    private Guid _ed;
    private Guid _card;

    protected override async Task StartedAsync()
    {
        _admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        _ed = await HttpClients.UnitIdAsync(_admin, "ED");
        _card = await HttpClients.UnitIdAsync(_admin, "CARD");
        await using var db = Database.NewContext();
        _edSource = (await db.ScheduleSources.SingleAsync(s => s.Name == DemoData.ScheduleSourceName)).Id;
        var created = await _admin.PostAsJsonAsync("/api/roster/sources", new { name = "Cardiology rota", defaultUnitId = _card, format = "CsvShifts", transport = "Upload" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _cardSource = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _admin.Dispose();
    }

    /// <summary>Issues a key through the administrator's API with the given binding; answers its id and secret.</summary>
    private async Task<(Guid Id, string Secret)> IssueAsync(string name, object binding)
    {
        using var response = await _admin.PostAsJsonAsync("/api/apikeys", new { name, sourceName = name, binding });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    private Task<HttpResponseMessage> ImportAsync(string key, Guid source) =>
        HttpClients.WithApiKey(App, key).PostAsync($"/api/roster/sources/{source}/import?fileName=week.csv", new StringContent(Week, Encoding.UTF8, "text/csv"));

    private Task<HttpResponseMessage> PostObservationAsync(string key)
    {
        var content = new ByteArrayContent(FhirCorpus.Bytes("ours-potassium-6.8-hh.json"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        return HttpClients.WithApiKey(App, key).PostAsync("/fhir/Observation", content);
    }

    private Task<HttpResponseMessage> PostCallAsync(string key, string practice, string externalId) =>
        HttpClients.WithApiKey(App, key).PostAsJsonAsync("/api/messages", new
        {
            callerName = "Jane Roe", callbackNumber = "+15555550199", reason = "Chest pain", triageTier = "Urgent", practice, externalId,
        });

    private async Task<(int Imported, int ImportRows, int LabResults, int Messages)> CountsAsync()
    {
        await using var db = Database.NewContext();
        return (await db.RoleAssignments.CountAsync(a => a.Origin == AssignmentOrigin.Imported), await db.ScheduleImports.CountAsync(),
            await db.Set<LabResultRecord>().CountAsync(), await db.Messages.CountAsync());
    }

    [Fact]
    public async Task Probe04_KeyForAnotherScheduleSource_Is403_AndNoRosterChanges()
    {
        var (_, edScheduler) = await IssueAsync("ED scheduler", new { scheduleSources = new[] { _edSource } });
        var before = await CountsAsync();

        using var elsewhere = await ImportAsync(edScheduler, _cardSource);

        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Equal(before, await CountsAsync());
        using var own = await ImportAsync(edScheduler, _edSource);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("Applied", (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Probe04_KeyNotBoundToAFhirSource_Is403OperationOutcome_AndNothingIsRecordedOrPaged()
    {
        var (_, scheduler) = await IssueAsync("Scheduler", new { scheduleSources = new[] { _edSource } });
        var (_, lab) = await IssueAsync("Core lab", new { fhirSource = "core-lab" });
        var before = await CountsAsync();

        using var refused = await PostObservationAsync(scheduler);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("OperationOutcome", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resourceType").GetString());
        Assert.Equal(before, await CountsAsync());
        using var accepted = await PostObservationAsync(lab);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        await using var db = Database.NewContext();
        Assert.Equal("core-lab", (await db.Set<LabResultRecord>().SingleAsync()).SourceName);
    }

    [Fact]
    public async Task Probe04_KeyForAnotherPractice_Is403_AndNoMessageIsCreated_HoweverTheUnitIsNamed()
    {
        var (_, edService) = await IssueAsync("ED answering", new { practices = new[] { _ed } });
        await using var db = Database.NewContext();
        var cardRole = (await db.ClinicalRoles.AsNoTracking().FirstAsync(r => r.UnitId == new Escalation.Domain.Organisation.UnitId(_card))).Id.Value;
        using var client = HttpClients.WithApiKey(App, edService);
        var before = await CountsAsync();

        using var byCode = await PostCallAsync(edService, "CARD", "probe-1");
        using var byId = await PostCallAsync(edService, _card.ToString(), "probe-2");
        using var plainToUnit = await client.PostAsJsonAsync("/api/messages", new { tier = "Urgent", subject = "Plain", unitId = _card });
        using var plainToRole = await client.PostAsJsonAsync("/api/messages", new { tier = "Urgent", subject = "Plain", roleId = cardRole });

        Assert.All([byCode, byId, plainToUnit, plainToRole], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(before, await CountsAsync());
        using var own = await PostCallAsync(edService, "ED", "probe-3");
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    [Fact]
    public async Task Probe04_KeyBoundToNothing_FeedsNothing()
    {
        var (_, unbound) = await IssueAsync("Unbound", new { });
        var before = await CountsAsync();

        using var import = await ImportAsync(unbound, _edSource);
        using var fhir = await PostObservationAsync(unbound);
        using var call = await PostCallAsync(unbound, "ED", "probe-4");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (import.StatusCode, fhir.StatusCode, call.StatusCode));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Probe04_EditingABinding_IsAudited_ListedByTheApi_AndTakesEffectOnTheNextRequest()
    {
        var (id, key) = await IssueAsync("Cardiology scheduler", new { scheduleSources = new[] { _edSource } });
        using var refused = await ImportAsync(key, _cardSource);

        using var edit = await _admin.PutAsJsonAsync($"/api/apikeys/{id}/binding", new { scheduleSources = new[] { _cardSource }, practices = new[] { _card }, fhirSource = (string?)null });
        using var applied = await ImportAsync(key, _cardSource);
        using var nowRefused = await ImportAsync(key, _edSource);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, nowRefused.StatusCode);
        var listed = (await _admin.GetFromJsonAsync<JsonElement>("/api/apikeys")).EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id).GetProperty("binding");
        Assert.Equal([_cardSource], listed.GetProperty("scheduleSources").EnumerateArray().Select(e => e.GetGuid()));
        Assert.Equal([_card], listed.GetProperty("practices").EnumerateArray().Select(e => e.GetGuid()));
        await using var db = Database.NewContext();
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Kind == "ApiKeyBindingChanged").ToListAsync();
        var entry = Assert.Single(audit);
        Assert.False(entry.Actor.StartsWith("apikey:", StringComparison.Ordinal));
        Assert.Contains("Cardiology rota", entry.Detail!, StringComparison.Ordinal);
        Assert.Contains(DemoData.ScheduleSourceName, entry.Detail!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe04_ABindingToSomethingThatDoesNotExist_Is400_AndChangesNothing()
    {
        var (id, _) = await IssueAsync("Scheduler", new { scheduleSources = new[] { _edSource } });

        using var unknownSource = await _admin.PutAsJsonAsync($"/api/apikeys/{id}/binding", new { scheduleSources = new[] { Guid.NewGuid() } });
        using var unknownUnit = await _admin.PutAsJsonAsync($"/api/apikeys/{id}/binding", new { practices = new[] { Guid.NewGuid() } });
        using var unknownKey = await _admin.PutAsJsonAsync($"/api/apikeys/{Guid.NewGuid()}/binding", new { practices = new[] { _ed } });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (unknownSource.StatusCode, unknownUnit.StatusCode, unknownKey.StatusCode));
        var listed = (await _admin.GetFromJsonAsync<JsonElement>("/api/apikeys")).EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id).GetProperty("binding");
        Assert.Equal([_edSource], listed.GetProperty("scheduleSources").EnumerateArray().Select(e => e.GetGuid()));
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteProbe04KeyBindingTests() : Probe04KeyBindingTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresProbe04KeyBindingTests() : Probe04KeyBindingTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerProbe04KeyBindingTests() : Probe04KeyBindingTests(DatabaseProvider.SqlServer);
