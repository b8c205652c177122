using Escalation.Domain.Roster;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Roster;

namespace Escalation.Tests.Roster;

/// <summary>
/// The engine resolves layers through the real roster: overrides, rotations and backups saved a moment ago
/// decide who the next layer pages, with no restart and no cache. The harness clock starts Monday 2026-11-02
/// 14:00 UTC (09:00 in the unit's America/New_York).
/// </summary>
public abstract class RosterEngineTests(DatabaseProvider provider) : EngineTest(provider)
{
    private RosterAdministration _roster = default!;

    protected override Task StartedAsync()
    {
        _roster = new RosterAdministration(Harness.Contexts, Harness.Clock);
        return Task.CompletedTask;
    }

    private Guid Role(ClinicalRoleKind kind) => Harness.Unit.Roles.Single(r => r.Kind == kind).Id.Value;

    private static IEnumerable<string> Recipients(Message message, int layer) =>
        message.Deliveries.Where(d => d.Layer == layer).Select(d => d.RecipientId).Distinct().Order();

    [Fact]
    public async Task ReplaceOverride_SavedJustNow_DecidesTheNextLayersRecipient()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        var now = Harness.Clock.GetUtcNow();

        // The charge nurse swaps with nurse2 for the afternoon while the message sits at layer 1.
        await _roster.AddOverrideAsync(new OverrideRequest(Role(ClinicalRoleKind.ChargeNurse), OverrideKind.Replace, "nurse2", "charge", now, now.AddHours(4), "swap"), "admin");
        await Harness.ReachDeadlineAsync(id);

        var message = await Harness.LoadAsync(id);
        Assert.Equal(["nurse"], Recipients(message, 1));
        Assert.Equal(["nurse2"], Recipients(message, 2));
    }

    [Fact]
    public async Task RemoveOverride_ForLeave_SkipsToTheFallbackRole()
    {
        await Harness.AssignAsync("oncall", ClinicalRoleKind.OnCallPhysician);
        var now = Harness.Clock.GetUtcNow();
        await _roster.AddOverrideAsync(new OverrideRequest(Role(ClinicalRoleKind.Attending), OverrideKind.Remove, "doctor", null, now, now.AddDays(3), "annual leave"), "admin");

        var id = await Harness.SendAsync(Tier.Critical);
        await Harness.ReachDeadlineAsync(id);
        await Harness.ReachDeadlineAsync(id);

        var message = await Harness.LoadAsync(id);
        Assert.Equal(3, message.CurrentLayer);
        Assert.Equal(["oncall"], Recipients(message, 3));
    }

    [Fact]
    public async Task Rotation_PagesWhoeverHoldsTheTurn_WhenTheLayerStarts()
    {
        await Harness.UnassignAllAsync(ClinicalRoleKind.PrimaryNurse);

        // Daily 07:00 New York hand-off: nurse from Monday 07:00, nurse2 from Tuesday 07:00 (12:00 UTC).
        await _roster.CreateRotationAsync(new RotationRequest(Role(ClinicalRoleKind.PrimaryNurse), "ED nurses", ["nurse", "nurse2"], RotationUnit.Days, 1,
            new DateOnly(2026, 11, 2), new TimeOnly(7, 0)), "admin");
        var monday = await Harness.SendAsync(Tier.Critical);
        Harness.Clock.Advance(DateTimeOffset.Parse("2026-11-03T12:00:00Z") - Harness.Clock.GetUtcNow());
        var tuesday = await Harness.SendAsync(Tier.Critical);

        Assert.Equal(["nurse"], Recipients(await Harness.LoadAsync(monday), 1));
        Assert.Equal(["nurse2"], Recipients(await Harness.LoadAsync(tuesday), 1));
    }

    [Fact]
    public async Task Backup_IsPaged_OnlyWhenNobodyHoldsTheRoleAndWithinItsWindow()
    {
        await Harness.UnassignAllAsync(ClinicalRoleKind.PrimaryNurse);
        await _roster.AddBackupAsync(new BackupRequest(Role(ClinicalRoleKind.PrimaryNurse), "nurse2", new TimeOnly(22, 0), new TimeOnly(7, 0), null, null), "admin");

        var daytime = await Harness.SendAsync(Tier.Critical);
        Harness.Clock.Advance(TimeSpan.FromHours(14)); // 23:00 in New York
        var night = await Harness.SendAsync(Tier.Critical);

        var day = await Harness.LoadAsync(daytime);
        Assert.Empty(Recipients(day, 1));
        Assert.Equal(["charge"], Recipients(day, 2));
        Assert.Equal(["nurse2"], Recipients(await Harness.LoadAsync(night), 1));
    }

    [Fact]
    public async Task DeactivatedPerson_IsNeverPaged_EvenWhileTheRosterNamesThem()
    {
        await using (var db = Harness.NewContext())
        {
            var nurse = await db.Users.SingleAsync(u => u.Id == "nurse");
            nurse.IsActive = false;
            await db.SaveChangesAsync();
        }

        var id = await Harness.SendAsync(Tier.Critical);

        var message = await Harness.LoadAsync(id);
        Assert.Empty(Recipients(message, 1));
        Assert.Equal(["charge"], Recipients(message, 2));
    }

    [Fact]
    public async Task RosterChanges_AreAudited_WithWhoMadeThem()
    {
        var now = Harness.Clock.GetUtcNow();
        await _roster.AddOverrideAsync(new OverrideRequest(Role(ClinicalRoleKind.ChargeNurse), OverrideKind.Add, "nurse2", null, now, now.AddHours(1), "busy night"), "admin-1");
        var rotation = await _roster.CreateRotationAsync(new RotationRequest(Role(ClinicalRoleKind.OnCallPhysician), "On call", ["doctor", "oncall"], RotationUnit.Weeks, 1,
            new DateOnly(2026, 11, 2), new TimeOnly(7, 0)), "admin-2");
        await _roster.ChangeRotationPeopleAsync(rotation, ["oncall"], "admin-3");

        await using var db = Harness.NewContext();
        var entries = await db.AuditEntries.Where(e => e.MessageId == null).OrderBy(e => e.Id).Select(e => new { e.Kind, e.Actor }).ToListAsync();
        Assert.Equal(
            [("RosterOverrideAdded", "admin-1"), ("RotationCreated", "admin-2"), ("RotationChanged", "admin-3")],
            entries.Where(e => e.Kind.StartsWith("Roster") || e.Kind.StartsWith("Rotation")).Select(e => (e.Kind, e.Actor)));
    }

    [Fact]
    public async Task Override_ThatEndedAlready_IsRefused_AndChangesNothing()
    {
        var now = Harness.Clock.GetUtcNow();

        var error = await Assert.ThrowsAsync<EngineException>(() => _roster.AddOverrideAsync(
            new OverrideRequest(Role(ClinicalRoleKind.ChargeNurse), OverrideKind.Add, "nurse2", null, now.AddHours(-3), now.AddHours(-1), null), "admin"));

        Assert.Equal("in-the-past", error.Code);
        await using var db = Harness.NewContext();
        Assert.Equal(0, await db.RosterOverrides.CountAsync());
    }

    [Fact]
    public async Task Override_ForSomeoneWhoDoesNotExist_IsRefused()
    {
        var now = Harness.Clock.GetUtcNow();

        var error = await Assert.ThrowsAsync<EngineException>(() => _roster.AddOverrideAsync(
            new OverrideRequest(Role(ClinicalRoleKind.ChargeNurse), OverrideKind.Add, "ghost", null, now, now.AddHours(1), null), "admin"));

        Assert.Equal("unknown-person", error.Code);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteRosterEngineTests() : RosterEngineTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresRosterEngineTests() : RosterEngineTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerRosterEngineTests() : RosterEngineTests(DatabaseProvider.SqlServer);
