using Escalation.Domain.Roster;
using Escalation.Infrastructure.Persistence;
using Escalation.Infrastructure.Persistence.Migrations;
using Escalation.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escalation.Tests.Infrastructure;

/// <summary>
/// A database that ran the engine release (V0002) with people on duty is upgraded to the roster release (V0003):
/// every shift survives as a manual shift, and the roster resolves it as before.
/// </summary>
public abstract class MigrationUpgradeTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task UpgradeFromV0002_KeepsEveryRoleAssignment_AsAManualShift()
    {
        var unit = Guid.NewGuid();
        var role = Guid.NewGuid();
        var assignment = Guid.NewGuid();
        var starts = DateTimeOffset.Parse("2026-11-01T12:00:00Z");
        await using (var db = _database.NewContext())
        {
            await new SchemaMigrator(db, _database.Options, TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync(upToVersion: 2);
        }

        await using (var db = _database.NewContext())
        {
            // Written as V0002 knew the tables: no Origin, SourceId or ImportId yet.
            object at = provider == DatabaseProvider.Sqlite ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(starts)! : starts;
            await db.Database.ExecuteSqlInterpolatedAsync($"""INSERT INTO "Units" ("Id", "Code", "Name", "TimeZoneId") VALUES ({unit}, 'ED', 'Emergency', 'America/New_York')""");
            await db.Database.ExecuteSqlInterpolatedAsync($"""INSERT INTO "ClinicalRoles" ("Id", "UnitId", "Kind", "Name") VALUES ({role}, {unit}, 'ChargeNurse', 'Charge nurse')""");
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "AspNetUsers" ("Id", "DisplayName", "IsActive", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
                VALUES ('casey', 'Casey Rivera', {true}, {true}, {false}, {false}, {true}, {0})
                """);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "RoleAssignments" ("Id", "RoleId", "UserId", "StartsAt", "EndsAt", "CreatedBy") VALUES ({assignment}, {role}, 'casey', {at}, NULL, 'system:demo')
                """);
        }

        var applied = await _database.MigrateAsync();

        // The roster release and every release after it, in order.
        Assert.Equal(MigrationScript.For(provider).Select(s => s.Version).Where(v => v > 2), applied.Select(s => s.Version));
        Assert.Equal([3, 4], applied.Select(s => s.Version).Take(2));
        await using var check = _database.NewContext();
        var shift = await check.RoleAssignments.SingleAsync();
        Assert.Equal((assignment, "casey", starts, (DateTimeOffset?)null), (shift.Id, shift.UserId, shift.StartsAt, shift.EndsAt));
        Assert.Equal((AssignmentOrigin.Manual, (Guid?)null, (Guid?)null), (shift.Origin, shift.SourceId, shift.ImportId));
        var roster = await Escalation.Infrastructure.Roster.RosterSnapshot.LoadAsync(check, new Escalation.Domain.Organisation.UnitId(unit), starts.AddDays(3), CancellationToken.None);
        Assert.Equal(["casey"], roster.Holders(Escalation.Domain.Organisation.ClinicalRoleKind.ChargeNurse));
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteMigrationUpgradeTests() : MigrationUpgradeTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresMigrationUpgradeTests() : MigrationUpgradeTests(DatabaseProvider.Postgres);
