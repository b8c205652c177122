using Escalation.Infrastructure.Persistence.Migrations;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using System.Xml.Linq;

namespace Escalation.Tests.Infrastructure;

/// <summary>The same assertions on every provider we ship: each subclass names one.</summary>
public abstract class PersistenceTests(DatabaseProvider provider)
{
    [Fact]
    public async Task Migrations_ProduceExactlyTheSchemaOfTheModel()
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var fromModel = await TestDatabase.CreateAsync(provider);

        var applied = await migrated.MigrateAsync();
        await using (var db = fromModel.NewContext())
        {
            await db.Database.EnsureCreatedAsync();
        }

        IReadOnlyList<string> migratedSchema, modelSchema;
        await using (var db = migrated.NewContext())
        {
            migratedSchema = await SchemaDump.ReadAsync(db, provider);
        }

        await using (var db = fromModel.NewContext())
        {
            modelSchema = await SchemaDump.ReadAsync(db, provider);
        }

        await using (var db = migrated.NewContext())
        {
            Assert.Equal(db.Database.GetMigrations(), applied);
        }

        Assert.NotEmpty(modelSchema);
        Assert.Contains(modelSchema, line => line.Contains("Units", StringComparison.Ordinal));
        Assert.Equal(modelSchema, migratedSchema);
    }

    [Fact]
    public async Task Migrate_ChangesNothing_WhenDatabaseIsUpToDate()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        IReadOnlyList<string> before, after;
        List<string> historyBefore, historyAfter;
        await using (var db = database.NewContext())
        {
            before = await SchemaDump.ReadAsync(db, provider);
            historyBefore = await ReadHistoryAsync(db);
        }

        var secondRun = await database.MigrateAsync();

        await using (var db = database.NewContext())
        {
            after = await SchemaDump.ReadAsync(db, provider);
            historyAfter = await ReadHistoryAsync(db);
            var pending = await new DatabaseMigrator(db, database.Options, NullLogger<DatabaseMigrator>.Instance).GetPendingAsync();
            Assert.Empty(pending);
        }

        Assert.Empty(secondRun);
        Assert.Equal(before, after);
        Assert.Equal(historyBefore, historyAfter);
    }

    [Fact]
    public async Task Migrate_Refuses_WhenDatabaseHasAMigrationThisBuildDoesNotKnow()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await using (var db = database.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO \"{DatabaseMigrator.HistoryTable}\" (\"MigrationId\", \"ProductVersion\") VALUES ('99991231000000_Future', '10.0.15')");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync());
        Assert.Contains("99991231000000_Future", error.Message);
        Assert.Contains("newer version", error.Message);
    }

    [Fact]
    public async Task Units_RoundTripWithTheirRolesAndTypedIds()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var unit = new Unit("icu", "Intensive Care", "Europe/London");
        unit.AddStandardRoles();
        await using (var db = database.NewContext())
        {
            db.Units.Add(unit);
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            var loaded = await db.Units.Include(u => u.Roles).SingleAsync(u => u.Id == unit.Id);
            Assert.Equal("ICU", loaded.Code);
            Assert.Equal("Europe/London", loaded.TimeZoneId);
            Assert.Equal(5, loaded.Roles.Count);
            Assert.Contains(loaded.Roles, r => r.Kind == ClinicalRoleKind.DepartmentHead && r.UnitId == unit.Id);
        }
    }

    [Fact]
    public async Task UnitCode_IsUniqueInTheDatabase()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await using var db = database.NewContext();
        db.Units.Add(new Unit("ED", "Emergency", "UTC"));
        db.Units.Add(new Unit("ed", "Emergency again", "UTC"));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task DataProtectionKeys_ArePersistedAndReadBack()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        // The package's repository, as the app registers it (PersistKeysToDbContext): a context per call, from a scope.
        await using var services = new ServiceCollection().AddScoped(_ => database.NewContext()).BuildServiceProvider();
        var repository = new EntityFrameworkCoreXmlRepository<EscalationDbContext>(services, NullLoggerFactory.Instance);
        repository.StoreElement(new XElement("key", new XAttribute("id", "k1")), "k1");
        repository.StoreElement(new XElement("key", new XAttribute("id", "k2")), "k2");

        var read = repository.GetAllElements();

        Assert.Equal(["k1", "k2"], read.Select(e => e.Attribute("id")!.Value));
    }

    private static async Task<List<string>> ReadHistoryAsync(EscalationDbContext db) =>
        await db.Database.SqlQueryRaw<string>(
                $"SELECT \"MigrationId\" || ':' || \"ProductVersion\" AS \"Value\" FROM \"{DatabaseMigrator.HistoryTable}\"")
            .OrderBy(v => v)
            .ToListAsync();
}

[Trait("Category", "Sqlite")]
public sealed class SqlitePersistenceTests() : PersistenceTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresPersistenceTests() : PersistenceTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerPersistenceTests() : PersistenceTests(DatabaseProvider.SqlServer);
