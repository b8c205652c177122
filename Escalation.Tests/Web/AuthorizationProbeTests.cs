namespace Escalation.Tests.Web;

/// <summary>
/// Issue 13's hostile probe, items 2 and 11, and the rules behind them, over real HTTP against the app with the demo
/// organisation: who may acknowledge, reassign, close and escalate a message, and whose roster a charge nurse reads.
/// </summary>
public abstract class AuthorizationProbeTests(DatabaseProvider provider) : AppTest(provider)
{
    private Guid _emergency;
    private Guid _medical;
    private Guid _medicalCharge;

    protected override async Task StartedAsync()
    {
        await using var db = Database.NewContext();
        _emergency = (await db.Units.SingleAsync(u => u.Code == "ED")).Id.Value;
        var medical = await db.Units.Include(u => u.Roles).SingleAsync(u => u.Code == "MED");
        _medical = medical.Id.Value;
        _medicalCharge = medical.Roles.Single(r => r.Kind == ClinicalRoleKind.ChargeNurse).Id.Value;
    }

    [Fact]
    public async Task Probe02_ChargeNurse_CannotReassignToTheComplianceOfficer_WhoCannotAcknowledge_AndTheMessageKeepsClimbing()
    {
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        using var compliance = await HttpClients.SignedInAsync(App, "compliance@demo.local");
        var id = await HttpClients.SendCriticalAsync(nurse, _emergency, "Critical potassium");

        var reassign = await charge.PostAsJsonAsync($"/api/messages/{id}/reassign", new { userId = await Database.UserIdAsync("compliance@demo.local") });
        var ack = await compliance.PostAsync($"/api/messages/{id}/ack", null);

        Assert.Equal(HttpStatusCode.Conflict, reassign.StatusCode);
        Assert.Equal("not-eligible", (await reassign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, ack.StatusCode);
        var view = await charge.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
        Assert.Equal("Open", view.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await compliance.GetAsync($"/api/messages/{id}")).StatusCode);
    }

    [Fact]
    public async Task Probe02_ComplianceOfficer_CannotAcknowledgeOrClose_EvenWhenAlreadyARecipient()
    {
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");
        using var compliance = await HttpClients.SignedInAsync(App, "compliance@demo.local");
        var id = await HttpClients.SendCriticalAsync(nurse, _emergency, "Critical sodium");
        // A delivery to compliance made before the rule existed (the probe's reassign): reached through the aggregate itself.
        await ReassignInTheDatabaseAsync(id, await Database.UserIdAsync("compliance@demo.local"));

        var ack = await compliance.PostAsync($"/api/messages/{id}/ack", null);
        var close = await compliance.PostAsJsonAsync($"/api/messages/{id}/close", new { outcome = "NoActionNeeded", note = "x" });
        var escalate = await compliance.PostAsync($"/api/messages/{id}/escalate", null);

        Assert.Equal(HttpStatusCode.Forbidden, ack.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, close.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, escalate.StatusCode);
        await using var db = Database.NewContext();
        var message = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == new MessageId(id));
        Assert.Equal(MessageState.Open, message.State);
        Assert.Null(message.AcknowledgedBy);
    }

    [Fact]
    public async Task Probe11_ChargeNurse_ReadsHerOwnUnitsRoster_ButNotAnotherUnits()
    {
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        using var compliance = await HttpClients.SignedInAsync(App, "compliance@demo.local");

        var own = await charge.GetAsync($"/api/roster/units/{_emergency}");
        var other = await charge.GetAsync($"/api/roster/units/{_medical}");
        var otherWho = await charge.GetAsync($"/api/roster/who?unitId={_medical}&roleId={_medicalCharge}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherWho.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/roster/units/{_medical}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await compliance.GetAsync($"/api/roster/units/{_medical}")).StatusCode);
    }

    [Fact]
    public async Task Probe11_ChargeNursesRosterExport_Gaps_AndSources_HoldOnlyHerUnit()
    {
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        var now = App.Clock.GetUtcNow();
        var shift = await admin.PostAsJsonAsync("/api/roster/shifts", new
        {
            roleId = _medicalCharge, userId = await Database.UserIdAsync("doctor@demo.local"), startsAt = now.AddHours(-2), endsAt = now.AddHours(-1),
        });
        Assert.Equal(HttpStatusCode.Created, shift.StatusCode);

        var source = await admin.PostAsJsonAsync("/api/roster/sources", new { name = "MED scheduling export", defaultUnitId = _medical, format = "CsvShifts" });
        Assert.Equal(HttpStatusCode.Created, source.StatusCode);
        var medicalSource = (await source.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var csv = await charge.GetStringAsync("/api/roster/export.csv?days=1");
        var sources = await charge.GetFromJsonAsync<JsonElement>("/api/roster/sources");
        var imports = await charge.GetAsync($"/api/roster/sources/{medicalSource}/imports");
        var everything = await admin.GetStringAsync("/api/roster/export.csv?days=1");
        var gaps = await charge.GetFromJsonAsync<JsonElement>("/api/roster/gaps");

        Assert.Contains("\r\nMED,", everything);
        Assert.Contains("\r\nED,", csv);
        Assert.DoesNotContain("\r\nMED,", csv);
        Assert.All(gaps.GetProperty("uncovered").EnumerateArray(), g => Assert.Equal("ED", g.GetProperty("unitCode").GetString()));
        Assert.All(sources.EnumerateArray(), s => Assert.Equal("ED", s.GetProperty("unitCode").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, imports.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/roster/sources/{medicalSource}/imports")).StatusCode);
    }

    [Fact]
    public async Task BoardList_FiltersByUnitBeforeTakingItsPage()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        var own = await HttpClients.SendCriticalAsync(admin, _emergency, "Emergency, older");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var elsewhere = await admin.PostAsJsonAsync("/api/messages", new { tier = "Urgent", subject = "Medical, newer", body = "b", unitId = _medical });
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);

        var list = await charge.GetFromJsonAsync<JsonElement>("/api/messages?state=open&take=1");

        Assert.Equal([own], list.EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
    }

    private async Task ReassignInTheDatabaseAsync(Guid id, string recipientId)
    {
        await using var db = Database.NewContext();
        await PastTheEngine.ReassignAsync(db, new MessageId(id), recipientId, App.Clock.GetUtcNow());
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteAuthorizationProbeTests() : AuthorizationProbeTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresAuthorizationProbeTests() : AuthorizationProbeTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerAuthorizationProbeTests() : AuthorizationProbeTests(DatabaseProvider.SqlServer);
