using System.Diagnostics;
using Microsoft.Playwright;

namespace Escalation.Tests.Benchmarks;

/// <summary>
/// The first load of the charge nurse's <c>/board</c> with an empty browser cache, as on a new nurses' station PC:
/// bytes transferred (every HTTP response body as sent on the wire, compressed where the server compresses) and the
/// time from navigation to the live circuit (<c>data-interactive="true"</c>). Run by <c>bash scripts/benchmark-live.sh</c>.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Benchmark")]
public sealed class BoardFirstLoadBenchmark(BrowserFixture fixture)
{
    private const int Runs = 10;

    [Fact]
    public async Task BoardFirstLoad()
    {
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "charge@demo.local", DemoData.Password);
        await BrowserFixture.WaitForInteractiveAsync(page);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.setCacheDisabled", new Dictionary<string, object> { ["cacheDisabled"] = true });

        long bytes = 0;
        var counting = false;
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (counting && e is { } json && json.TryGetProperty("encodedDataLength", out var length))
            {
                Interlocked.Add(ref bytes, (long)length.GetDouble());
            }
        };

        var times = new List<double>();
        var sizes = new List<long>();
        for (var run = 0; run < Runs + 1; run++)
        {
            await page.GotoAsync("about:blank");
            await cdp.SendAsync("Network.clearBrowserCache");
            Interlocked.Exchange(ref bytes, 0);
            counting = true;
            var clock = Stopwatch.StartNew();
            await page.GotoAsync("/board");
            await BrowserFixture.WaitForInteractiveAsync(page);
            clock.Stop();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            counting = false;
            if (run >= 1)
            {
                times.Add(clock.Elapsed.TotalMilliseconds); // the first warms up the server's JIT
                sizes.Add(Interlocked.Read(ref bytes));
            }
        }

        times.Sort();
        sizes.Sort();
        var report = $"board first load, cold cache, {Runs} runs: {sizes[sizes.Count / 2] / 1024.0:0.0} KiB transferred (median), "
            + $"time to interactive median {(times[(Runs - 1) / 2] + times[Runs / 2]) / 2:0} ms, min {times[0]:0} ms, max {times[^1]:0} ms";
        Console.WriteLine(report);
        Directory.CreateDirectory(RepositoryPaths.Screenshots);
        await File.WriteAllTextAsync(Path.Combine(RepositoryPaths.Screenshots, "..", "board-first-load.txt"), report + Environment.NewLine);
        Assert.Equal(Runs, times.Count);
        await page.Context.CloseAsync();
    }
}
