using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Identity;
using Escalation.Infrastructure.Notices;
using Escalation.Infrastructure.Roster;
using Escalation.Infrastructure.RosterSync;
using Escalation.Infrastructure.RosterSync.Parsing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escalation.Tests.RosterSync;

/// <summary>
/// A migrated database with one Emergency unit in America/Chicago, realistic people, an administrator, the default
/// ladders, and the roster-sync services wired by hand around a test clock (2026-11-20 12:00 UTC, a Friday).
/// </summary>
public sealed class RosterSyncHarness : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private RosterSyncHarness(TestDatabase database, Unit unit, TestClock clock)
    {
        _database = database;
        Unit = unit;
        Clock = clock;
        Importer = new ScheduleImporter(database.Contexts, clock);
        Views = new RosterViews(database.Contexts, clock);
        Notices = new NoticeBoard(database.Contexts, clock);
        Options = new RosterSyncOptions { FetchTimeout = TimeSpan.FromSeconds(10) };
        Sync = new Escalation.Infrastructure.RosterSync.RosterSync(database.Contexts, Importer, Notices, Views, new PlainHttpClientFactory(), Options, clock,
            NullLogger<Escalation.Infrastructure.RosterSync.RosterSync>.Instance, new Escalation.Infrastructure.Compliance.Maintenance(database.Contexts, Notices, clock));
    }

    public static DateTimeOffset Start { get; } = DateTimeOffset.Parse("2026-11-20T12:00:00Z");

    public TestClock Clock { get; }

    public Unit Unit { get; }

    public ScheduleImporter Importer { get; }

    public RosterViews Views { get; }

    public NoticeBoard Notices { get; }

    public RosterSyncOptions Options { get; }

    public Escalation.Infrastructure.RosterSync.RosterSync Sync { get; }

    public IDbContextFactory<EscalationDbContext> Contexts => _database.Contexts;

    public DatabaseProvider Provider => _database.Provider;

    /// <summary>Display name, e-mail, id. Display names are what scheduling systems export.</summary>
    public static IReadOnlyList<(string Id, string Name, string Email)> People { get; } =
    [
        ("u-smith", "Dr. Jane Smith", "jane.smith@riverside.example"),
        ("u-lee", "Dr. Marcus Lee", "marcus.lee@riverside.example"),
        ("u-garcia", "Ana Garcia", "ana.garcia@riverside.example"),
        ("u-obrien", "Liam O'Brien", "liam.obrien@riverside.example"),
        ("u-chen", "Wei Chen", "wei.chen@riverside.example"),
        ("u-admin", "Alex Morgan", "alex.morgan@riverside.example"),
    ];

    public static async Task<RosterSyncHarness> CreateAsync(DatabaseProvider provider, DateTimeOffset? start = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var unit = new Unit("ED", "Emergency", "America/Chicago");
        unit.AddStandardRoles();
        var clock = new TestClock(start ?? Start);
        await using (var db = database.NewContext())
        {
            db.Organisation.Add(new OrganisationProfile("Riverside test", "America/Chicago"));
            db.Units.Add(unit);
            foreach (var (id, name, email) in People)
            {
                db.Users.Add(new ApplicationUser { Id = id, UserName = email, Email = email, DisplayName = name });
            }

            var admin = new IdentityRole(PersonaRole.Administrator) { NormalizedName = PersonaRole.Administrator.ToUpperInvariant() };
            db.Roles.Add(admin);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = "u-admin", RoleId = admin.Id });
            await db.SaveChangesAsync();
            await EngineDefaults.EnsureAsync(db, clock.GetUtcNow(), includeDrillLadder: false, CancellationToken.None);
        }

        return new RosterSyncHarness(database, unit, clock);
    }

    public Guid RoleId(ClinicalRoleKind kind) => Unit.Roles.Single(r => r.Kind == kind).Id.Value;

    public async Task<Guid> AddSourceAsync(string name, ScheduleFormat format, ScheduleTransport transport = ScheduleTransport.Upload, string? location = null)
    {
        await using var db = _database.NewContext();
        var source = new ScheduleSource(name, Unit.Id, format, transport, location, "u-admin", Clock.GetUtcNow());
        db.ScheduleSources.Add(source);
        await db.SaveChangesAsync();
        return source.Id;
    }

    public Task<ImportReport> ImportAsync(Guid sourceId, string content, string fileName = "export.csv") =>
        Importer.ImportAsync(sourceId, System.Text.Encoding.UTF8.GetBytes(content), fileName, null, "u-admin");

    public EscalationDbContext NewContext() => _database.NewContext();

    public async Task<List<(string UserId, ClinicalRoleKind Kind, DateTimeOffset StartsAt, DateTimeOffset? EndsAt)>> ShiftsAsync()
    {
        await using var db = _database.NewContext();
        var rows = await (from a in db.RoleAssignments join r in db.ClinicalRoles on a.RoleId equals r.Id select new { a.UserId, r.Kind, a.StartsAt, a.EndsAt }).ToListAsync();
        return rows.Select(r => (r.UserId, r.Kind, r.StartsAt, r.EndsAt)).OrderBy(r => r.StartsAt).ThenBy(r => r.Kind).ToList();
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private sealed class PlainHttpClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
