using System.Diagnostics;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Cluster;

/// <summary>
/// Two app processes on one PostgreSQL database: the charge nurse's board is open in Chromium on node B, the nurse
/// acknowledges over HTTP on node A, and the row leaves B's board within a second, carried by LISTEN/NOTIFY (or,
/// told to, by polling the audit trail as SQL Server nodes do). The subclasses differ in how many acknowledgments
/// they time and in the carrier.
/// </summary>
public abstract class CrossNodeBoardTests(int runs, bool polling = false) : IAsyncLifetime
{
    private readonly AppProcesses _nodes = new();
    private TestDatabase _database = default!;
    private Chromium? _chromium;
    private string _nodeA = default!;
    private string _nodeB = default!;

    protected string NodeA => _nodeA;

    protected string NodeB => _nodeB;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        // One after the other: the first migrates and seeds the demo organisation, the second finds it done.
        var environment = polling ? new Dictionary<string, string> { ["Cluster__Notifications"] = "Polling" } : null;
        _nodeA = await _nodes.StartAsync("Postgres", _database.Options.ConnectionString, environment);
        _nodeB = await _nodes.StartAsync("Postgres", _database.Options.ConnectionString, environment);
        _chromium = await Chromium.LaunchAsync();
    }

    /// <summary>Each sample: from sending the acknowledgment on A to the row's removal from B's board (ms).</summary>
    protected async Task<List<double>> AcknowledgeOnAWatchOnBAsync()
    {
        var board = await _chromium!.NewPageAsync(_nodeB);
        await BrowserFixture.OpenSignedInAsync(board, "charge@demo.local", "/board");

        using var ehr = HttpClients.WithApiKey(_nodeA, DemoData.IntegrationKey);
        using var nurse = await HttpClients.SignedInAsync(_nodeA, "nurse@demo.local");
        var ed = await HttpClients.UnitIdAsync(nurse, "ED");
        var samples = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var subject = $"Node A {run} {Guid.NewGuid():N}"[..24];
            var sent = await ehr.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject, body = "K+ 6.9 mmol/L", unitId = ed, source = "Ehr" });
            sent.EnsureSuccessStatusCode();
            var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            // Sent on A, shown on B: the new message itself crossed nodes.
            var row = board.GetByTestId("board-row").Filter(new() { HasText = subject });
            await Expect(row).ToBeVisibleAsync(new() { Timeout = 5_000 });
            if (run == 0)
            {
                await BrowserFixture.ScreenshotAsync(board, polling ? "s26-sqlpoll-board-on-b" : "i18-nodes-board-on-b");
            }

            var clock = Stopwatch.StartNew();
            (await nurse.PostAsync($"/api/messages/{id}/ack", null)).EnsureSuccessStatusCode();
            await row.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 5_000 });
            clock.Stop();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        await board.Context.CloseAsync();
        return samples;
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        await _nodes.DisposeAsync();
        await _database.DisposeAsync();
    }
}

[Trait("Category", "Browser")]
public sealed class CrossNodeBoardBrowserTests() : CrossNodeBoardTests(runs: 3)
{
    [Fact]
    public async Task AcknowledgedOnNodeA_LeavesTheBoardOnNodeB_WithinASecond()
    {
        var samples = await AcknowledgeOnAWatchOnBAsync();
        Assert.All(samples, ms => Assert.True(ms < 1_000, $"the row left B's board {ms:0} ms after the acknowledgment on A"));
    }

    [Fact]
    public async Task SignedInOnNodeA_TheSameCookieWorksOnNodeB()
    {
        // Data-protection keys are shared through the database, so B reads the cookie A issued.
        var cookies = await HttpClients.SignInAsync(NodeA, "charge@demo.local", DemoData.Password);
        using var onB = HttpClients.WithCookies(NodeB, cookies, sameOrigin: true);
        var units = await onB.GetAsync("/api/units");
        Assert.Equal(System.Net.HttpStatusCode.OK, units.StatusCode);
    }
}

/// <summary>The same with both nodes polling the audit trail (<c>Cluster:Notifications=Polling</c>), as on SQL Server.</summary>
[Trait("Category", "Browser")]
public sealed class PolledCrossNodeBoardBrowserTests() : CrossNodeBoardTests(runs: 5, polling: true)
{
    [Fact]
    public async Task AcknowledgedOnNodeA_LeavesTheBoardOnNodeB_WithinOneAndAHalfSeconds_ByPolling()
    {
        var samples = await AcknowledgeOnAWatchOnBAsync();
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "s26-sqlpoll-board-latency.txt"), string.Join(" ", samples.Select(ms => $"{ms:0}")) + Environment.NewLine);
        // B's poll comes up to one Cluster:PollInterval (500 ms) after the commit, then the board reloads and renders:
        // 0.3-0.9 s on a shared 2-core machine. The 1 s line is NOTIFY's; polling is held to 1.5 s.
        Assert.All(samples, ms => Assert.True(ms < 1_500, $"the row left B's board {ms:0} ms after the acknowledgment on A"));
    }
}

/// <summary>20 acknowledgments across nodes (after two to warm up); prints median and worst for BENCHMARKS.md.</summary>
[Trait("Category", "Benchmark")]
public sealed class CrossNodeBoardBenchmark() : CrossNodeBoardTests(runs: 22)
{
    [Fact]
    public async Task BoardOnNodeB_AfterAcknowledgmentOnNodeA()
    {
        var samples = (await AcknowledgeOnAWatchOnBAsync()).Skip(2).ToList(); // the first two warm up JIT and circuit
        samples.Sort();
        var median = (samples[samples.Count / 2 - 1] + samples[samples.Count / 2]) / 2;
        var report = $"cross-node board update after ACK on the other node, {samples.Count} runs: median {median:0} ms, worst {samples[^1]:0} ms, best {samples[0]:0} ms";
        Console.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "i18-nodes-cross-node-latency.txt"), report + Environment.NewLine);
        // It measures, it does not judge (the Browser test holds the one-second line): the figures go to BENCHMARKS.md.
        Assert.Equal(20, samples.Count);
    }
}
