using Escalation.Domain.LabResults;
using Escalation.Infrastructure.LabResults;

namespace Escalation.Tests.LabLimits;

/// <summary>The lab limits tables on each provider: seeded by the initial migration (an upgraded database keeps V0008's: LegacyUpgradeTests), with exact decimals, one row per code and unit, and edits ordered by the revision.</summary>
public abstract class LabLimitsPersistenceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task ANewDatabase_HoldsExactlyTheShippedDefaults_AndTheDefaultPolicy()
    {
        await _database.MigrateAsync();

        var rules = await new LabRules(_database.Contexts).CurrentAsync();

        Assert.True(rules.Limits.ToHashSet().SetEquals(CriticalLimits.Defaults), "the seeded rows differ from CriticalLimits.Defaults");
        Assert.Equal(CriticalLimits.Defaults.Count, rules.Limits.Count);
        Assert.Equal(LabDetectionPolicy.Default, rules.Policy);
        Assert.Equal(1, rules.Revision);
    }

    [Fact]
    public async Task Decimals_RoundTripExactly_AndASitesEditSurvivesAnotherMigrateRun()
    {
        await _database.MigrateAsync();
        var admin = new LabLimitAdministration(_database.Contexts, TimeProvider.System);
        var added = await admin.AddAsync(new LabLimitInput("1975-2", "mg/dL", "Bilirubin", null, 15.123456), "admin");
        await admin.ChangeAsync(Guid.Parse("00000000-0000-0000-0008-000000000001"), new LabLimitInput("2823-3", "mmol/L", "Potassium", 2.75, 6.45), "admin");

        await _database.MigrateAsync();

        var rows = await admin.ListAsync();
        Assert.Equal(15.123456m, rows.Single(r => r.Id == added.Id).CriticalHigh);
        var potassium = rows.Single(r => r.LoincCode == "2823-3");
        Assert.Equal((2.75m, 6.45m, "admin"), (potassium.CriticalLow, potassium.CriticalHigh, potassium.UpdatedBy));
        Assert.Equal("6.45", potassium.CriticalHigh!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(CriticalLimits.Defaults.Count + 1, rows.Count);
    }

    [Fact]
    public async Task TheDatabase_RefusesASecondRowForOneCodeAndUnit()
    {
        await _database.MigrateAsync();
        await using var db = _database.NewContext();
        db.Set<SiteLabLimit>().Add(SiteLabLimit.Create(Guid.NewGuid(), new LabLimitInput("2823-3", "mmol/L", "Potassium", 2, 7), "admin", DateTimeOffset.UnixEpoch));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task ASaveFromAStaleRevision_IsRefused_SoTwoAdministratorsCannotOverwriteEachOther()
    {
        await _database.MigrateAsync();
        await using var stale = _database.NewContext();
        var policy = await stale.Set<SiteLabPolicy>().SingleAsync();
        await new LabLimitAdministration(_database.Contexts, TimeProvider.System).ChangePolicyAsync(FlagPrecedence.LimitsWin, true, "admin-1");

        policy.Change(FlagPrecedence.LabFlagWins, false, "admin-2", DateTimeOffset.UnixEpoch);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());
        var rules = await new LabRules(_database.Contexts).CurrentAsync();
        Assert.Equal(new LabDetectionPolicy(FlagPrecedence.LimitsWin, true), rules.Policy);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteLabLimitsPersistenceTests() : LabLimitsPersistenceTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresLabLimitsPersistenceTests() : LabLimitsPersistenceTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerLabLimitsPersistenceTests() : LabLimitsPersistenceTests(DatabaseProvider.SqlServer);
