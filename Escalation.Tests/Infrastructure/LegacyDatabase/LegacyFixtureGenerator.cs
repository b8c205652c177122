using System.Diagnostics;
using Escalation.Domain.Messages;
using Escalation.Domain.Organisation;
using Escalation.Domain.Roster;
using Escalation.Infrastructure.Persistence;
using Escalation.Infrastructure.Roster;
using Escalation.Tests.Support;
using Npgsql;

namespace Escalation.Tests.Infrastructure.LegacyDatabase;

/// <summary>
/// Made the checked-in databases of the last release with hand-written migrations (V0011): run once at that
/// commit, then removed with the hand-written migrator. Kept in history so the fixtures can be made again.
/// </summary>
public abstract class LegacyFixtureGenerator(DatabaseProvider provider)
{
    [Fact]
    public async Task WriteFixture()
    {
        await using var harness = await EngineHarness.CreateAsync(provider);
        var roster = new RosterAdministration(harness.Contexts, harness.Clock);
        var role = (ClinicalRoleKind kind) => harness.Unit.Roles.Single(r => r.Kind == kind).Id.Value;
        var now = harness.Clock.GetUtcNow();
        await roster.CreateRotationAsync(new RotationRequest(role(ClinicalRoleKind.PrimaryNurse), "ED nurses", ["nurse", "nurse2"], RotationUnit.Days, 1,
            new DateOnly(2026, 11, 2), new TimeOnly(7, 0)), "admin");
        await roster.AddOverrideAsync(new OverrideRequest(role(ClinicalRoleKind.ChargeNurse), OverrideKind.Replace, "nurse2", "charge", now, now.AddHours(4), "swap"), "admin");
        await roster.AddBackupAsync(new BackupRequest(role(ClinicalRoleKind.Attending), "oncall", new TimeOnly(19, 0), new TimeOnly(7, 0), null, null), "admin");

        for (var i = 0; i < 12; i++)
        {
            var tier = i % 4 == 1 ? Tier.Critical : (Tier)(i % 3);
            var id = await harness.SendAsync(tier, externalId: $"fixture-{i}", body: $"Result {i}: K+ {5 + i * 0.2:0.0} mmol/L");
            switch (i % 4)
            {
                case 0:
                    await harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse"));
                    break;
                case 1 when (await harness.LoadAsync(id)).DeadlineAt is not null:
                    await harness.ReachDeadlineAsync(id);
                    break;
                case 2:
                    await harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse"));
                    await harness.Engine.CloseAsync(id, Callers.Clinician("nurse"), CloseOutcome.ActionTaken, "Repeat sample sent");
                    break;
            }

            harness.Clock.Advance(TimeSpan.FromMinutes(7));
        }

        await harness.Chainer.ChainPendingAsync();
        var folder = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "Escalation.Tests", "Infrastructure", "LegacyDatabase")).FullName;
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(harness.Database.ConnectionString).DataSource;
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(harness.Database.ConnectionString))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                // One self-contained file: fold the WAL back in before copying.
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
                await command.ExecuteNonQueryAsync();
            }

            File.Copy(file, Path.Combine(folder, "v0011.sqlite"), overwrite: true);
        }
        else
        {
            var builder = new NpgsqlConnectionStringBuilder(harness.Database.ConnectionString);
            var dump = Process.Start(new ProcessStartInfo("/usr/lib/postgresql/15/bin/pg_dump",
                ["-h", "127.0.0.1", "-p", builder.Port.ToString(), "-U", "postgres", "-Fc", "--no-owner", "-f", Path.Combine(folder, "v0011.pgdump"), builder.Database!]))!;
            await dump.WaitForExitAsync();
            Assert.Equal(0, dump.ExitCode);
        }
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteLegacyFixtureGenerator() : LegacyFixtureGenerator(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresLegacyFixtureGenerator() : LegacyFixtureGenerator(DatabaseProvider.Postgres);
