namespace Escalation.Tests.Web;

/// <summary>The roster over real HTTP on the demo organisation: who may read and change it, and imports pushed with an integration key.</summary>
[Trait("Category", "Sqlite")]
public sealed class RosterApiTests : AppTest
{
    private Guid _emergency;
    private Guid _chargeRole;
    private Guid _source;

    protected override async Task StartedAsync()
    {
        await using var db = Database.NewContext();
        var unit = await db.Units.Include(u => u.Roles).SingleAsync(u => u.Code == "ED");
        _emergency = unit.Id.Value;
        _chargeRole = unit.Roles.Single(r => r.Kind == ClinicalRoleKind.ChargeNurse).Id.Value;
        _source = (await db.ScheduleSources.SingleAsync(s => s.Name == DemoData.ScheduleSourceName)).Id;
    }

    [Fact]
    public async Task ChargeNurse_ReadsTheRoster_AndAClinicianIsRefused()
    {
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");

        var roster = await charge.GetFromJsonAsync<JsonElement>($"/api/roster/units/{_emergency}");

        var primary = roster.GetProperty("now").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "PrimaryNurse");
        Assert.Equal("Nora Patel", primary.GetProperty("holders")[0].GetProperty("displayName").GetString());
        Assert.Equal(4, roster.GetProperty("criticalNow").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync($"/api/roster/units/{_emergency}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync("/api/roster/export.csv")).StatusCode);
    }

    [Fact]
    public async Task Administrator_OverridesTheChargeNurse_AndTheRosterAndTheNextMessageFollowAtOnce()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        var nurseId = await Database.UserIdAsync("nurse@demo.local");
        var chargeId = await Database.UserIdAsync("charge@demo.local");
        var now = App.Clock.GetUtcNow();

        var created = await admin.PostAsJsonAsync("/api/roster/overrides", new
        {
            roleId = _chargeRole, kind = "Replace", userId = nurseId, replacedUserId = chargeId, startsAt = now, endsAt = now.AddHours(8), reason = "Casey in theatre",
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var roster = await admin.GetFromJsonAsync<JsonElement>($"/api/roster/units/{_emergency}");
        var charge = roster.GetProperty("now").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "ChargeNurse");
        Assert.Equal("Nora Patel", charge.GetProperty("holders")[0].GetProperty("displayName").GetString());
        Assert.Equal("Override (Replace): Casey in theatre", charge.GetProperty("holders")[0].GetProperty("source").GetString());
        Assert.Equal(now.AddHours(8), charge.GetProperty("nextChangeAt").GetDateTimeOffset());
        Assert.Equal("Nora Patel", roster.GetProperty("criticalNow")[1].GetProperty("people")[0].GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task BadOverride_GetsAProblem_AndChangesNothing_AndAChargeNurseCannotChangeTheRoster()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        var nurseId = await Database.UserIdAsync("nurse@demo.local");
        var now = App.Clock.GetUtcNow();

        var backwards = await admin.PostAsJsonAsync("/api/roster/overrides", new { roleId = _chargeRole, kind = "Add", userId = nurseId, startsAt = now.AddHours(2), endsAt = now });
        var unknownRole = await admin.PostAsJsonAsync("/api/roster/overrides", new { roleId = Guid.NewGuid(), kind = "Add", userId = nurseId, startsAt = now, endsAt = now.AddHours(1) });
        var forbidden = await charge.PostAsJsonAsync("/api/roster/overrides", new { roleId = _chargeRole, kind = "Add", userId = nurseId, startsAt = now, endsAt = now.AddHours(1) });

        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("ends after it starts", (await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Equal("unknown-role", (await unknownRole.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        await using var db = Database.NewContext();
        Assert.Equal(0, await db.RosterOverrides.CountAsync());
    }

    [Fact]
    public async Task IntegrationKey_PushesAScheduleFile_RejectedWithEveryLine_ThenApplied_ThenUnchanged()
    {
        using var scheduler = HttpClients.WithApiKey(App, DemoData.IntegrationKey);
        const string bad = "role,person,start,end\nCharge Nurse,Casey Rivera,2026-11-03 07:00,2026-11-03 19:00\nCharge Nurse,Nobody Known,2026-11-03 19:00,2026-11-04 07:00\n";
        var good = bad.Replace("Nobody Known", "Nora Patel");

        var rejected = await scheduler.PostAsync($"/api/roster/sources/{_source}/import?fileName=week.csv", new StringContent(bad, Encoding.UTF8, "text/csv"));
        var applied = await scheduler.PostAsync($"/api/roster/sources/{_source}/import?fileName=week.csv", new StringContent(good, Encoding.UTF8, "text/csv"));
        var again = await scheduler.PostAsync($"/api/roster/sources/{_source}/import?fileName=week.csv", new StringContent(good, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        var problem = await rejected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("import-rejected", problem.GetProperty("code").GetString());
        Assert.Equal(3, problem.GetProperty("errors")[0].GetProperty("line").GetInt32());
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(("Applied", 2), Outcome(await applied.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(("Unchanged", 0), Outcome(await again.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.NotFound, (await scheduler.PostAsync($"/api/roster/sources/{Guid.NewGuid()}/import", new StringContent(good))).StatusCode);
        // A key may push files, not read the roster: reading is for signed-in people.
        Assert.Equal(HttpStatusCode.Unauthorized, (await scheduler.GetAsync("/api/roster/sources")).StatusCode);
    }

    [Fact]
    public async Task Compliance_ExportsThirtyDaysOfAssignmentsAsCsv()
    {
        using var compliance = await HttpClients.SignedInAsync(App, "compliance@demo.local");

        var response = await compliance.GetAsync("/api/roster/export.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Unit,Role,Person,Email,Starts (UTC),Ends (UTC),Backup,Source kind,Source", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("ED,Primary nurse,Nora Patel,nurse@demo.local,", StringComparison.Ordinal) && l.Contains(",Shift,Manual shift,"));
    }

    [Fact]
    public async Task Who_AnswersForAnyInstant_WithWhenItChangesNext()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        var nurseId = await Database.UserIdAsync("nurse@demo.local");
        var now = App.Clock.GetUtcNow();
        await admin.PostAsJsonAsync("/api/roster/overrides", new { roleId = _chargeRole, kind = "Replace", userId = nurseId, startsAt = now.AddHours(2), endsAt = now.AddHours(4) });

        var current = await admin.GetFromJsonAsync<JsonElement>($"/api/roster/who?unitId={_emergency}&roleId={_chargeRole}");
        var later = await admin.GetFromJsonAsync<JsonElement>($"/api/roster/who?unitId={_emergency}&roleId={_chargeRole}&at={Uri.EscapeDataString(now.AddHours(3).ToString("O"))}");

        Assert.Equal(["Casey Rivera"], current.GetProperty("wouldBePaged").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(now.AddHours(2), current.GetProperty("nextChangeAt").GetDateTimeOffset());
        Assert.Equal(["Nora Patel"], later.GetProperty("wouldBePaged").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/roster/who?unitId={_emergency}&roleId={Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Administrator_AddsARole_AndSetsAVerifiedPhone_BadInputChangesNothing()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        var nurseId = await Database.UserIdAsync("nurse@demo.local");

        var role = await admin.PostAsJsonAsync($"/api/roster/units/{_emergency}/roles", new { name = "Rapid response nurse" });
        var duplicate = await admin.PostAsJsonAsync($"/api/roster/units/{_emergency}/roles", new { name = "rapid response NURSE" });
        var badPhone = await admin.PutAsJsonAsync($"/api/roster/people/{nurseId}/phone", new { phone = "555-0123", verified = true });
        var phone = await admin.PutAsJsonAsync($"/api/roster/people/{nurseId}/phone", new { phone = "+15555550101", verified = true });

        Assert.Equal(HttpStatusCode.Created, role.StatusCode);
        Assert.Equal("Other", (await role.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPhone.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, phone.StatusCode);
        await using var db = Database.NewContext();
        Assert.Equal(1, await db.ClinicalRoles.CountAsync(r => r.Name == "Rapid response nurse"));
        var nurse = await db.Users.SingleAsync(u => u.Id == nurseId);
        Assert.Equal(("+15555550101", true), (nurse.PhoneNumber, nurse.PhoneNumberConfirmed));
    }

    private static (string, int) Outcome(JsonElement report) => (report.GetProperty("outcome").GetString()!, report.GetProperty("added").GetInt32());
}
