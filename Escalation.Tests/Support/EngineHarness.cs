using Escalation.Domain.Ladders;
using Escalation.Domain.Roster;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escalation.Tests.Support;

/// <summary>
/// The engine on a real, migrated database with a small unit and its roster, driven by a test clock.
/// No due-step job runs, so a test fires exactly the step it means to.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private EngineHarness(TestDatabase database, Unit unit)
    {
        _database = database;
        Unit = unit;
        Contexts = database.Contexts;
        Engine = NewEngine();
    }

    public TestClock Clock { get; } = new();

    public ArmedDeadlines Deadlines => new(_database);

    public EngineOptions Options { get; } = new() { RepageInterval = TimeSpan.FromMinutes(2), AuditorGrace = TimeSpan.FromSeconds(5) };

    public PatientDataProtector Protector { get; } = new(new EphemeralDataProtectionProvider());

    public IDbContextFactory<EscalationDbContext> Contexts { get; }

    public EscalationEngine Engine { get; }

    public Unit Unit { get; }

    public DatabaseProvider Provider => _database.Provider;

    public static async Task<EngineHarness> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var unit = new Unit("ED", "Emergency", "America/New_York");
        unit.AddStandardRoles();
        await using (var db = database.NewContext())
        {
            db.Units.Add(unit);
            // Everyone is a clinician of the unit, as the engine's reassign rule asks of whoever is handed a message.
            var clinician = new IdentityRole(PersonaRole.Clinician) { NormalizedName = PersonaRole.Clinician.ToUpperInvariant() };
            db.Roles.Add(clinician);
            foreach (var person in People)
            {
                db.Users.Add(new ApplicationUser { Id = person, UserName = person, Email = $"{person}@test.local", DisplayName = person, HomeUnitId = unit.Id });
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = person, RoleId = clinician.Id });
            }

            await db.SaveChangesAsync();
        }

        var harness = new EngineHarness(database, unit);
        await using (var db = database.NewContext())
        {
            await EngineDefaults.EnsureAsync(db, harness.Clock.GetUtcNow(), includeDrillLadder: true, CancellationToken.None);
        }

        await harness.AssignAsync("nurse", ClinicalRoleKind.PrimaryNurse);
        await harness.AssignAsync("charge", ClinicalRoleKind.ChargeNurse);
        await harness.AssignAsync("doctor", ClinicalRoleKind.Attending);
        await harness.AssignAsync("head", ClinicalRoleKind.DepartmentHead);
        return harness;
    }

    public static IReadOnlyList<string> People { get; } = ["nurse", "nurse2", "charge", "doctor", "oncall", "head"];

    /// <summary>Another engine on the same database: a second node.</summary>
    public EscalationEngine NewEngine() =>
        new(Contexts, Clock, Options, new EngineNotifier(), Protector, NullLogger<EscalationEngine>.Instance);

    public Escalation.Infrastructure.Audit.AuditChainer Chainer => new(Contexts, _database.Options);

    public DatabaseOptions Database => _database.Options;

    public async Task<Guid> AssignAsync(string userId, ClinicalRoleKind kind, DateTimeOffset? from = null, DateTimeOffset? until = null)
    {
        await using var db = _database.NewContext();
        var assignment = new RoleAssignment(Unit.Roles.Single(r => r.Kind == kind).Id, userId, from ?? DateTimeOffset.UnixEpoch, until, "test");
        db.RoleAssignments.Add(assignment);
        await db.SaveChangesAsync();
        return assignment.Id;
    }

    public async Task UnassignAllAsync(ClinicalRoleKind kind)
    {
        await using var db = _database.NewContext();
        var roleId = Unit.Roles.Single(r => r.Kind == kind).Id;
        db.RoleAssignments.RemoveRange(db.RoleAssignments.Where(a => a.RoleId == roleId));
        await db.SaveChangesAsync();
    }

    public async Task<MessageId> SendAsync(Tier tier = Tier.Critical, string? externalId = null, string body = "K+ 6.9 mmol/L, bed 12", bool broadcast = false, ClinicalRoleKind? role = null, Guid? ladderId = null)
    {
        var roleId = role is { } kind ? Unit.Roles.Single(r => r.Kind == kind).Id.Value : (Guid?)null;
        var result = await Engine.SendAsync(
            new SendMessage(tier, $"{tier} result", body, "MRN 0042", roleId is null ? Unit.Id.Value : null, roleId, ladderId, MessageSource.Manual, externalId, broadcast),
            "sender");
        return result.Id;
    }

    public async Task<Message> LoadAsync(MessageId id)
    {
        await using var db = _database.NewContext();
        return await db.Messages.Include(m => m.Deliveries).AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public async Task<List<string>> AuditKindsAsync(MessageId id)
    {
        await using var db = _database.NewContext();
        return await db.AuditEntries.Where(e => e.MessageId == id.Value).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
    }

    public async Task<List<(string Kind, string? Detail, int? Layer)>> AuditAsync(MessageId id)
    {
        await using var db = _database.NewContext();
        return (await db.AuditEntries.Where(e => e.MessageId == id.Value).OrderBy(e => e.Id).ToListAsync())
            .Select(e => (e.Kind, e.Detail, e.Layer)).ToList();
    }

    /// <summary>Moves the clock to the message's current deadline and fires it, as Quartz would.</summary>
    public async Task<DeadlineOutcome> ReachDeadlineAsync(MessageId id)
    {
        var message = await LoadAsync(id);
        var deadline = message.DeadlineAt ?? throw new InvalidOperationException("No deadline armed.");
        var wait = deadline - Clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            Clock.Advance(wait);
        }

        return await Engine.FireDeadlineAsync(id);
    }

    public EscalationDbContext NewContext() => _database.NewContext();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <summary>
    /// The deadlines armed, by message, as the due-step job will take them: every open message's <c>DeadlineAt</c>,
    /// read from the database (there is no per-message trigger any more).
    /// </summary>
    public sealed class ArmedDeadlines(TestDatabase database)
    {
        public IReadOnlyDictionary<MessageId, DateTimeOffset> Armed
        {
            get
            {
                using var db = database.NewContext();
                return db.Messages.AsNoTracking().Where(m => m.State == MessageState.Open && m.DeadlineAt != null)
                    .Select(m => new { m.Id, m.DeadlineAt }).ToList()
                    .ToDictionary(m => m.Id, m => m.DeadlineAt!.Value);
            }
        }

        /// <summary>A spent trigger, as a fire leaves it: nothing to spend now, since the deadline is the message's own column.</summary>
        public Task CancelAsync(MessageId messageId, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
