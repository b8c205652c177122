using System.Diagnostics;
using Escalation.Infrastructure.Audit;

namespace Escalation.Tests.Engine;

/// <summary>
/// The real app as its own process, killed (SIGKILL, no shutdown) with open escalations on the Drill ladder
/// (5-second layers), then started again at once; its start-up takes about as long as a layer. Every step fires,
/// none twice, whatever was in flight at the kill. (A restart after the deadlines passed is proven with the test
/// clock in QuartzRestartTests.) The only waiting is for the app to come up and for a condition to become true.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class ProcessKillTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("escalation-kill-").FullName;
    private readonly List<Process> _processes = [];

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "app.db")}";

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task KilledProcess_RestartedAtOnce_LosesNoStepAndRepeatsNone()
    {
        var first = await StartAppAsync();
        var ids = new List<Guid>();
        using (var admin = await HttpClients.SignedInAsync(first, "admin@demo.local"))
        {
            var drill = (await admin.GetFromJsonAsync<JsonElement>("/api/ladders")).EnumerateArray()
                .Single(l => l.GetProperty("name").GetString() == "Drill (fast)").GetProperty("familyId").GetGuid();
            var unit = (await admin.GetFromJsonAsync<JsonElement>("/api/units")).EnumerateArray()
                .Single(u => u.GetProperty("code").GetString() == "ED").GetProperty("id").GetGuid();
            for (var i = 0; i < 5; i++)
            {
                var response = await admin.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject = $"Drill {i}", body = "drill", unitId = unit, ladderId = drill, source = "Drill" });
                response.EnsureSuccessStatusCode();
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            }
        }

        Kill(_processes[0]);
        var killedAt = DateTimeOffset.UtcNow;
        await StartAppAsync();

        await Eventually.UntilAsync(async () =>
        {
            await using var db = NewContext();
            return await db.Messages.CountAsync(m => m.CurrentLayer >= 2);
        }, done => done == ids.Count, TimeSpan.FromSeconds(90));

        Kill(_processes[1]);
        await using var check = NewContext();
        foreach (var id in ids)
        {
            var steps = await check.AuditEntries.Where(e => e.MessageId == id && (e.Kind == "LayerStarted" || e.Kind == "Escalated"))
                .Select(e => new { e.Kind, e.Layer, e.AtUnixMs }).ToListAsync();
            // Each layer started once and each escalation happened once, however the restart and the auditor overlapped.
            Assert.All(steps.GroupBy(s => (s.Kind, s.Layer)), g => Assert.Single(g));
            Assert.Contains(steps, s => s.Kind == "Escalated" && s.Layer == 2 && s.AtUnixMs >= killedAt.ToUnixTimeMilliseconds());
        }

        await new AuditChainer(Contexts, Contexts.Options).ChainPendingAsync();
        Assert.True(AuditWriter.Verify(check).IsIntact);
    }

    private async Task<string> StartAppAsync()
    {
        var port = FreePort.Next();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var output = Path.Combine(RepositoryPaths.WebProject, "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(output, "Escalation.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Escalation"] = ConnectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);

        var baseUrl = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        await Eventually.UntilAsync(async () =>
        {
            try
            {
                return (await http.GetAsync("/healthz/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ready => ready, TimeSpan.FromSeconds(90));
        return baseUrl;
    }

    private static void Kill(Process process)
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    // Pooling off, so no connection of the test keeps the file open when the folder is deleted.
    private TestContextFactory Contexts => new(new DatabaseOptions(DatabaseProvider.Sqlite, ConnectionString + ";Pooling=False"));

    private EscalationDbContext NewContext() => Contexts.CreateDbContext();


    public Task DisposeAsync()
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            Kill(process);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
