using System.Data.Common;
using Escalation.Domain.LabResults;
using Escalation.Infrastructure.Audit;
using Escalation.Tests.Infrastructure.LegacyDatabase;

namespace Escalation.Tests.Infrastructure;

/// <summary>
/// A database made by a release with hand-written migrations (the last one, V0011, and the one before key bindings,
/// V0009; see LegacyDatabase/README.md), full of messages, audit entries and roster, starts on EF Core migrations:
/// the legacy steps it lacks run, its history is adopted in place, every row survives, and its schema is the one the
/// EF migrations build.
/// </summary>
public abstract class LegacyUpgradeTests(DatabaseProvider provider, string fixture) : IAsyncLifetime
{
    private TestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await LegacyFixture.RestoreAsync(provider, fixture);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task UpgradeInPlace_KeepsEveryRow_AndEndsWithTheSchemaOfTheMigrations()
    {
        IReadOnlyList<string> before;
        var legacyColumns = new HashSet<string>();
        await using (var db = _database.NewContext())
        {
            before = await RowsAsync(db.Database.GetDbConnection(), seen: legacyColumns);
        }

        var applied = await _database.MigrateAsync();

        await using var check = _database.NewContext();
        // Only what came after the baseline runs; the initial migration is recorded, not run.
        Assert.Equal(check.Database.GetMigrations().Skip(1), applied);
        Assert.Equal(check.Database.GetMigrations(), await check.Database.GetAppliedMigrationsAsync());
        // Compared on the columns the legacy database had: a later migration's new column is not a changed row.
        Assert.Equal(before, await RowsAsync(check.Database.GetDbConnection(), only: legacyColumns));
        Assert.Equal(12, await check.Messages.CountAsync());
        Assert.True(await check.AuditEntries.CountAsync() > 50);
        Assert.Equal(4, await check.RoleAssignments.CountAsync());
        Assert.Equal(1, await check.Rotations.CountAsync());
        Assert.Equal(CriticalLimits.Defaults.Count, await check.Set<SiteLabLimit>().CountAsync());
        Assert.True(AuditWriter.Verify(check).IsIntact);
        // ForgottenAcknowledgments gives the tiers already there the default windows.
        var windows = await check.TierPolicies.OrderBy(p => p.Tier).Select(p => new { p.Tier, p.AckReminderMinutes, p.AckBoardMinutes }).ToListAsync();
        Assert.Contains(windows, w => w.Tier == Escalation.Domain.Messages.Tier.Critical && w.AckReminderMinutes == 30 && w.AckBoardMinutes == 60);
        Assert.Contains(windows, w => w.Tier == Escalation.Domain.Messages.Tier.Urgent && w.AckReminderMinutes == 120 && w.AckBoardMinutes == 240);
        Assert.Contains(windows, w => w.Tier == Escalation.Domain.Messages.Tier.Routine && w.AckReminderMinutes == null);

        await using var fresh = await TestDatabase.CreateAsync(provider);
        await fresh.MigrateAsync();
        await using var freshDb = fresh.NewContext();
        Assert.Equal(await SchemaDump.ReadAsync(freshDb, provider), await SchemaDump.ReadAsync(check, provider));
        Assert.Empty(await _database.MigrateAsync());
    }

    [Fact]
    public async Task Upgrade_Refuses_AnOlderHandWrittenDatabase_AndChangesNothing()
    {
        await using (var db = _database.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__SchemaMigrations\" WHERE \"Version\" >= 9");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _database.MigrateAsync());

        Assert.Contains("V0009, V0010, V0011", error.Message);
        Assert.Contains("start the last release with hand-written migrations", error.Message);
        await AssertStillLegacyAsync();
    }

    [Fact]
    public async Task Upgrade_Refuses_AHandWrittenMigrationThatWasEdited_AndChangesNothing()
    {
        await using (var db = _database.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"__SchemaMigrations\" SET \"Checksum\" = 'edited' WHERE \"Version\" = 1");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _database.MigrateAsync());

        Assert.Contains("V0001 was changed after it was applied", error.Message);
        await AssertStillLegacyAsync();
    }

    private async Task AssertStillLegacyAsync()
    {
        await using var db = _database.NewContext();
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(12, await db.Messages.CountAsync());
    }

    /// <summary>
    /// Every row of every table of the model, as text, sorted: what "without losing a row" compares. Records each
    /// "table.column" it read into <paramref name="seen"/>; reads only those in <paramref name="only"/> when given.
    /// </summary>
    private async Task<IReadOnlyList<string>> RowsAsync(DbConnection connection, ISet<string>? seen = null, IReadOnlySet<string>? only = null)
    {
        await connection.OpenAsync();
        try
        {
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = provider == DatabaseProvider.Postgres
                    ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            var rows = new List<string>();
            foreach (var table in tables.Where(t => !t.StartsWith("__", StringComparison.Ordinal) && !t.StartsWith("qrtz_", StringComparison.OrdinalIgnoreCase)))
            {
                await using var select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await select.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var values = Enumerable.Range(0, reader.FieldCount)
                        .Where(i => only is null || only.Contains($"{table}.{reader.GetName(i)}"))
                        .Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))}");
                    rows.Add($"{table}: {string.Join(", ", values)}");
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        seen?.Add($"{table}.{reader.GetName(i)}");
                    }
                }
            }

            Assert.NotEmpty(rows);
            return rows.Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteLegacyUpgradeTests() : LegacyUpgradeTests(DatabaseProvider.Sqlite, "v0011");

[Trait("Category", "Postgres")]
public sealed class PostgresLegacyUpgradeTests() : LegacyUpgradeTests(DatabaseProvider.Postgres, "v0011");

[Trait("Category", "Sqlite")]
public sealed class SqliteV0009UpgradeTests() : LegacyUpgradeTests(DatabaseProvider.Sqlite, "v0009");

[Trait("Category", "Postgres")]
public sealed class PostgresV0009UpgradeTests() : LegacyUpgradeTests(DatabaseProvider.Postgres, "v0009");
