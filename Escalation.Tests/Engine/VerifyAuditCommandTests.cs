using System.Diagnostics;

namespace Escalation.Tests.Engine;

/// <summary>
/// <c>verify-audit</c> run as its own process against a real SQLite database, the way an operator or an auditor
/// would: exit 0 for an intact chain; 1 naming the first bad entry for an altered, deleted or reordered one.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class VerifyAuditCommandTests : IAsyncLifetime
{
    private EngineHarness _harness = default!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.CreateAsync(DatabaseProvider.Sqlite);
        for (var i = 0; i < 3; i++)
        {
            var id = await _harness.SendAsync(Tier.Critical);
            await _harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse"));
        }

        while (await _harness.Chainer.ChainPendingAsync() > 0)
        {
        }
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task IntactChain_ExitsZero()
    {
        var (code, output) = await RunAsync();

        Assert.True(code == 0, output);
        Assert.Matches(@"Audit chain intact: \d+ entries verified", output);
    }

    [Fact]
    public async Task AlteredEntry_ExitsOne_NamingIt()
    {
        await ExecuteAsync("""UPDATE "AuditEntries" SET "Detail" = 'forged' WHERE "Sequence" = 5""");

        var (code, output) = await RunAsync();

        Assert.Equal(1, code);
        Assert.Contains("AUDIT CHAIN BROKEN at entry 5", output);
    }

    [Fact]
    public async Task DeletedEntry_ExitsOne_NamingTheGap()
    {
        await ExecuteAsync("""DELETE FROM "AuditEntries" WHERE "Sequence" = 4""");

        var (code, output) = await RunAsync();

        Assert.Equal(1, code);
        Assert.Contains("AUDIT CHAIN BROKEN at entry", output);
    }

    [Fact]
    public async Task ReorderedEntries_ExitOne()
    {
        // Swap two entries' sequence numbers: each keeps its own hash, so the chain no longer links.
        await ExecuteAsync("""UPDATE "AuditEntries" SET "Sequence" = -1 WHERE "Sequence" = 6""");
        await ExecuteAsync("""UPDATE "AuditEntries" SET "Sequence" = 6 WHERE "Sequence" = 7""");
        await ExecuteAsync("""UPDATE "AuditEntries" SET "Sequence" = 7 WHERE "Sequence" = -1""");

        var (code, output) = await RunAsync();

        Assert.Equal(1, code);
        Assert.Contains("AUDIT CHAIN BROKEN at entry 6", output);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = _harness.NewContext();
        Assert.True(await db.Database.ExecuteSqlRawAsync(sql) >= 1, sql);
    }

    private async Task<(int Code, string Output)> RunAsync()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var output = Path.Combine(RepositoryPaths.WebProject, "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = output, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(output, "Escalation.Web.dll"));
        start.ArgumentList.Add("verify-audit");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Escalation"] = _harness.Database.ConnectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
