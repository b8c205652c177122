using System.Collections.Concurrent;
using System.Diagnostics;
using Escalation.Infrastructure.Engine;
using Npgsql;

namespace Escalation.Tests.Cluster;

/// <summary>
/// Two app nodes on one PostgreSQL database told to poll (<c>Cluster:Notifications=Polling</c>, as SQL Server nodes
/// always do): node A a separate process, node B in this process so its notifier can be watched. A message sent and
/// then acknowledged over HTTP on A reaches B's subscribers within a second each time, and leaves B's board data.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PolledNodesTests : IAsyncLifetime
{
    private readonly AppProcesses _processes = new();
    private readonly ConcurrentQueue<(MessageChanged Change, long At)> _heardOnB = new();
    private TestDatabase _database = default!;
    private AppHost _nodeB = default!;
    private string _nodeA = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        // A first: it migrates and seeds the demo organisation, B finds it done.
        _nodeA = await _processes.StartAsync("Postgres", _database.Options.ConnectionString, new Dictionary<string, string> { ["Cluster__Notifications"] = "Polling" });
        _nodeB = new AppHost(_database.Options, settings: new Dictionary<string, string?> { ["Cluster:Notifications"] = "Polling" }).Start();
        _nodeB.Services.GetRequiredService<EngineNotifier>().Subscribe(change => _heardOnB.Enqueue((change, Stopwatch.GetTimestamp())));
        await _nodeB.Services.GetRequiredService<ClusterPolling>().Reading.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SentAndAcknowledgedOnA_ReachesBsSubscribersWithinASecond_AndLeavesBsBoard()
    {
        // Both nodes poll; neither listens (sessions of this test's database: the cluster serves other tests too).
        await using (var admin = new NpgsqlConnection(_database.Options.ConnectionString))
        {
            await admin.OpenAsync();
            await using var sessions = new NpgsqlCommand("SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'escalation-%'", admin);
            var names = new List<string>();
            await Eventually.UntilAsync(async () =>
            {
                names.Clear();
                await using var reader = await sessions.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    names.Add(reader.GetString(0));
                }

                return names.Count(n => n.StartsWith("escalation-poll-", StringComparison.Ordinal));
            }, n => n == 2, TimeSpan.FromSeconds(10));
            Assert.DoesNotContain(names, n => n.StartsWith("escalation-listen-", StringComparison.Ordinal));
        }

        using var ehr = HttpClients.WithApiKey(_nodeA, DemoData.IntegrationKey);
        using var nurse = await HttpClients.SignedInAsync(_nodeA, "nurse@demo.local");
        var ed = await HttpClients.UnitIdAsync(nurse, "ED");
        var board = _nodeB.Services.GetRequiredService<InboxQueries>();
        var samples = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var sent = await ehr.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject = $"Polled {run}", body = "K+ 6.9 mmol/L", unitId = ed, source = "Ehr" });
            sent.EnsureSuccessStatusCode();
            var sentAt = Stopwatch.GetTimestamp();
            var id = new MessageId((await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            var open = await HeardOnBAsync(id, MessageState.Open);
            samples.Add(Stopwatch.GetElapsedTime(sentAt, open).TotalMilliseconds);
            Assert.True(Stopwatch.GetElapsedTime(sentAt, open) < TimeSpan.FromSeconds(1), $"run {run}: B heard the new message {Stopwatch.GetElapsedTime(sentAt, open).TotalMilliseconds:0} ms after A answered");
            Assert.Contains(await board.BoardAsync(null, null), item => item.Id == id.Value);

            (await nurse.PostAsync($"/api/messages/{id.Value}/ack", null)).EnsureSuccessStatusCode();
            var ackedAt = Stopwatch.GetTimestamp();
            var acknowledged = await HeardOnBAsync(id, MessageState.Acknowledged);
            samples.Add(Stopwatch.GetElapsedTime(ackedAt, acknowledged).TotalMilliseconds);
            Assert.True(Stopwatch.GetElapsedTime(ackedAt, acknowledged) < TimeSpan.FromSeconds(1), $"run {run}: B heard the ACK {Stopwatch.GetElapsedTime(ackedAt, acknowledged).TotalMilliseconds:0} ms after A answered");
            Assert.DoesNotContain(await board.BoardAsync(null, null), item => item.Id == id.Value);
        }

        Assert.Equal(0, _nodeB.Services.GetRequiredService<ClusterPolling>().Failures);
        // For the report, not a judgement (the asserts above hold the line).
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "polled-nodes-latency.txt"), string.Join(" ", samples.Select(ms => $"{ms:0}")) + Environment.NewLine);
    }

    private async Task<long> HeardOnBAsync(MessageId id, MessageState state)
    {
        var heard = await Eventually.UntilAsync(
            () => Task.FromResult(_heardOnB.Where(h => h.Change.MessageId == id && h.Change.State == state).ToList()), l => l.Count > 0, TimeSpan.FromSeconds(5));
        return heard[0].At;
    }

    public async Task DisposeAsync()
    {
        if (_nodeB is not null)
        {
            await _nodeB.DisposeAsync();
        }

        await _processes.DisposeAsync();
        await _database.DisposeAsync();
    }
}
