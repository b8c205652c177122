using Escalation.Infrastructure.Integrations;
using Escalation.Tests.Infrastructure.LegacyDatabase;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Escalation.Tests.Infrastructure;

/// <summary>
/// Issue 13, probe item 4, on upgrade: V0010 binds each existing key to what the database shows it fed before
/// (docs/decisions/019), and a key with no such history is bound to nothing. The database is the checked-in one made
/// by the V0009 release (LegacyDatabase/README.md), with the keys' history written into it as V0009 knew the tables.
/// </summary>
public abstract class Probe04KeyBindingMigrationTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await LegacyFixture.RestoreAsync(provider, "v0009");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Probe04_UpgradeToV0010_BindsEachKeyToWhatItFedInPractice_AndAnIdleKeyToNothing()
    {
        var (ed, card, source) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (scheduler, lab, answering, idle) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (labMessage, callMessage) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var db = _database.NewContext())
        {
            // Written as V0009 knew the tables, in the forms the app writes: actors are "apikey:" and the id in lower case.
            var now = DateTimeOffset.Parse("2026-11-20T12:00:00Z");
            object at = provider == DatabaseProvider.Sqlite ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(now)! : now;
            object handoff = provider == DatabaseProvider.Sqlite ? "07:00:00" : new TimeOnly(7, 0);
            foreach (var (unit, code) in new[] { (ed, "P04ED"), (card, "P04CARD") })
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"""INSERT INTO "Units" ("Id", "Code", "Name", "TimeZoneId") VALUES ({unit}, {code}, {code}, 'America/New_York')""");
            }

            foreach (var (key, name) in new[] { (scheduler, "scheduler"), (lab, "core-lab"), (answering, "acme"), (idle, "idle") })
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO "ApiKeys" ("Id", "Name", "SourceName", "Prefix", "Hash", "CreatedBy", "CreatedAt") VALUES ({key}, {name}, {name}, 'esc_ab', {name + "-hash"}, 'admin', {at})
                    """);
            }

            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "ScheduleSources" ("Id", "Name", "DefaultUnitId", "Format", "Transport", "PullIntervalMinutes", "StaleAfterMinutes", "DayGridHandoff", "IsEnabled", "MappingsJson", "CreatedBy", "CreatedAt")
                VALUES ({source}, 'ED rota', {ed}, 'CsvShifts', 'Upload', {15}, {30}, {handoff}, {true}, {"{}"}, 'admin', {at})
                """);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "ScheduleImports" ("Id", "SourceId", "At", "By", "ContentHash", "Outcome", "Rows", "Added", "Removed", "RejectedRows")
                VALUES ({Guid.NewGuid()}, {source}, {at}, {"apikey:" + scheduler}, 'h', 'Applied', {1}, {1}, {0}, {0})
                """);
            foreach (var (message, key, externalId, unit) in new[] { (labMessage, lab, "Observation/k-1/_history/1", ed), (callMessage, answering, "acme:call-1", card) })
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO "Messages" ("Id", "Tier", "Subject", "Body", "Source", "ExternalId", "UnitId", "IsBroadcast", "Escalates", "RequiresAck", "State", "CurrentLayer", "IsExhausted", "Pages", "AcknowledgedOnBehalf", "CreatedBy", "CreatedAt", "Revision")
                    VALUES ({message}, 'Critical', 's', 'b', 'Ehr', {externalId}, {unit}, {false}, {true}, {true}, 'Open', {1}, {false}, {1}, {false}, {"apikey:" + key}, {at}, {1})
                    """);
            }

            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "LabResults" ("Id", "SourceName", "Resource", "VersionId", "Status", "Judgement", "Flag", "Direction", "Outcome", "MessageId", "ReceivedBy", "ReceivedAt")
                VALUES ({Guid.NewGuid()}, 'core-lab', 'Observation/k-1', '1', 'final', 'Critical', 'Unknown', 'High', 'Sent', {labMessage}, {"apikey:" + lab}, {at})
                """);
        }

        await _database.MigrateAsync();

        await using var check = _database.NewContext();
        var keys = await check.ApiKeys.AsNoTracking().Include(k => k.Bindings).ToDictionaryAsync(k => k.Id);
        Assert.Equal(new KeyBinding([source], null, []), keys[scheduler].Binding, BindingComparer);
        Assert.Equal(new KeyBinding([], "core-lab", []), keys[lab].Binding, BindingComparer);
        Assert.Equal(new KeyBinding([], null, [card]), keys[answering].Binding, BindingComparer);
        Assert.True(keys[idle].Binding.IsEmpty);
        Assert.True(keys[scheduler].MayFeed(FeedKind.ScheduleSource, ApiKeyBinding.TargetOf(source)));
    }

    private static readonly IEqualityComparer<KeyBinding> BindingComparer = EqualityComparer<KeyBinding>.Create((a, b) => a!.SameAs(b!), b => b.Practices.Count);
}

[Trait("Category", "Sqlite")]
public sealed class SqliteProbe04KeyBindingMigrationTests() : Probe04KeyBindingMigrationTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresProbe04KeyBindingMigrationTests() : Probe04KeyBindingMigrationTests(DatabaseProvider.Postgres);
