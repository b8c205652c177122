using System.Diagnostics;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Benchmarks;

/// <summary>
/// How long the charge nurse's board takes to show an acknowledgment: 20 times, a nurse acknowledges over the API
/// and a Chromium board removes the row. Run by <c>bash scripts/benchmark-live.sh</c> (not part of the test suite:
/// it measures, it does not judge); the figures go into BENCHMARKS.md.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Benchmark")]
public sealed class LiveUpdateBenchmark(BrowserFixture fixture)
{
    private const int Runs = 20;

    [Fact]
    public async Task BoardUpdateAfterAcknowledgment()
    {
        var board = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(board, "charge@demo.local", DemoData.Password);
        await BrowserFixture.WaitForInteractiveAsync(board);
        await board.GotoAsync("/board");
        await BrowserFixture.WaitForInteractiveAsync(board);
        using var ehr = HttpClients.WithApiKey(fixture.App, DemoData.IntegrationKey);
        using var nurse = await HttpClients.SignedInAsync(fixture.App, "nurse@demo.local");
        var ed = await HttpClients.UnitIdAsync(nurse, "ED");

        var samples = new List<double>();
        for (var run = 0; run < Runs + 2; run++)
        {
            var subject = $"Latency {run} {Guid.NewGuid():N}"[..24];
            var sent = await ehr.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject, body = "b", unitId = ed, source = "Ehr" });
            var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var row = board.GetByTestId("board-row").Filter(new() { HasText = subject });
            await Expect(row).ToBeVisibleAsync();

            var clock = Stopwatch.StartNew();
            (await nurse.PostAsync($"/api/messages/{id}/ack", null)).EnsureSuccessStatusCode();
            await row.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 10_000 });
            clock.Stop();
            if (run >= 2)
            {
                samples.Add(clock.Elapsed.TotalMilliseconds); // the first two warm up the JIT and the circuit
            }
        }

        samples.Sort();
        var report = $"board update after ACK, {Runs} runs: median {Median(samples):0} ms, p90 {samples[(int)Math.Ceiling(0.9 * Runs) - 1]:0} ms, "
            + $"min {samples[0]:0} ms, max {samples[^1]:0} ms";
        Console.WriteLine(report);
        Directory.CreateDirectory(RepositoryPaths.Screenshots);
        await File.WriteAllTextAsync(Path.Combine(RepositoryPaths.Screenshots, "..", "live-latency.txt"), report + Environment.NewLine);
        Assert.Equal(Runs, samples.Count);
        await board.Context.CloseAsync();
    }

    private static double Median(List<double> sorted) => (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
}
