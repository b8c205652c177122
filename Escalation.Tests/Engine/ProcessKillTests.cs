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
    private readonly AppProcesses _app = new();

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "app.db")}";

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task KilledProcess_RestartedAtOnce_LosesNoStepAndRepeatsNone()
    {
        var first = await _app.StartAsync("Sqlite", ConnectionString);
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

        AppProcesses.Kill(_app.Processes[0]);
        var killedAt = DateTimeOffset.UtcNow;
        await _app.StartAsync("Sqlite", ConnectionString);

        await Eventually.UntilAsync(async () =>
        {
            await using var db = NewContext();
            return await db.Messages.CountAsync(m => m.CurrentLayer >= 2);
        }, done => done == ids.Count, TimeSpan.FromSeconds(90));

        AppProcesses.Kill(_app.Processes[1]);
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

    // Pooling off, so no connection of the test keeps the file open when the folder is deleted.
    private TestContextFactory Contexts => new(new DatabaseOptions(DatabaseProvider.Sqlite, ConnectionString + ";Pooling=False"));

    private EscalationDbContext NewContext() => Contexts.CreateDbContext();

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
