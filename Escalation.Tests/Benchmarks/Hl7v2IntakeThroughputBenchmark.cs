using System.Diagnostics;
using System.Globalization;
using Escalation.Infrastructure.Hl7v2;
using Escalation.Tests.Hl7v2;
using Xunit.Abstractions;

namespace Escalation.Tests.Benchmarks;

/// <summary>
/// How many ORU^R01 messages the HL7 v2 listener takes in per second, ACK included, over real TCP on 127.0.0.1 to the
/// app on SQLite: a basic metabolic panel of 5 results per message (every 10th with a critical potassium, so one
/// message in ten pages), every message a new order. Once over one connection (the LIS's usual single link,
/// send-and-wait), once over 8 connections at the same time. One line per run goes to TestResults/hl7v2-intake-throughput.txt.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class Hl7v2IntakeThroughputBenchmark(ITestOutputHelper output) : IAsyncLifetime
{
    private const int WarmUp = 10;
    private const int OneConnection = 200;
    private const int Connections = 8;
    private const int PerConnection = 50;
    private const int Results = 5;

    private Hl7v2App _hl7 = default!;

    public async Task InitializeAsync()
    {
        _hl7 = await Hl7v2App.StartAsync(DatabaseProvider.Sqlite);
    }

    public async Task DisposeAsync()
    {
        await _hl7.DisposeAsync();
    }

    [Fact]
    public async Task BasicMetabolicPanels_OverOneConnection_AndOverEight()
    {
        await using (var warm = await LisClient.ConnectAsync(_hl7.Port))
        {
            for (var i = 0; i < WarmUp; i++)
            {
                await SendAsync(warm, $"W{i}"); // the JIT, the connection pool and the lab rules' cache
            }
        }

        var single = new List<double>();
        var oneClock = Stopwatch.StartNew();
        await using (var lis = await LisClient.ConnectAsync(_hl7.Port))
        {
            for (var i = 0; i < OneConnection; i++)
            {
                single.Add(await SendAsync(lis, $"S{i}"));
            }
        }

        oneClock.Stop();
        var many = new List<double>[Connections];
        var manyClock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async c =>
        {
            many[c] = [];
            await using var lis = await LisClient.ConnectAsync(_hl7.Port);
            for (var i = 0; i < PerConnection; i++)
            {
                many[c].Add(await SendAsync(lis, $"M{c}x{i}"));
            }
        }));
        manyClock.Stop();

        var all = many.SelectMany(m => m).ToList();
        single.Sort();
        all.Sort();
        var report = string.Create(CultureInfo.InvariantCulture,
            $"HL7 v2 intake, ORU^R01 with {Results} OBX (1 in 10 critical), ACK awaited per message: "
            + $"1 connection {OneConnection / oneClock.Elapsed.TotalSeconds:0} messages/s ({OneConnection * Results / oneClock.Elapsed.TotalSeconds:0} results/s), p50 {Percentile(single, 0.5):0.0} ms, p99 {Percentile(single, 0.99):0.0} ms; "
            + $"{Connections} connections {Connections * PerConnection / manyClock.Elapsed.TotalSeconds:0} messages/s ({Connections * PerConnection * Results / manyClock.Elapsed.TotalSeconds:0} results/s), p50 {Percentile(all, 0.5):0.0} ms, p99 {Percentile(all, 0.99):0.0} ms");
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(RepositoryPaths.Screenshots, "..", "hl7v2-intake-throughput.txt"), report + Environment.NewLine);
        Assert.Equal((OneConnection, Connections * PerConnection), (single.Count, all.Count));
    }

    private static async Task<double> SendAsync(LisClient lis, string id)
    {
        var clock = Stopwatch.StartNew();
        var ack = await lis.SendAsync(Panel(id));
        clock.Stop();
        Assert.Equal("AA", ack.Segments.Single(s => s.Name == "MSA").Value(1));
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>A v2.5.1 panel for a new order; a critical potassium when the message number ends in 0.</summary>
    private static string Panel(string id)
    {
        var critical = id.EndsWith('0');
        return $"MSH|^~\\&|LAB|RIVERSIDE LAB|ESCALATION|RIVERSIDE|20261102135500-0500||ORU^R01^ORU_R01|B{id}|P|2.5.1\r"
            + $"PID|1||MRN-{id}^^^RIVERSIDE^MR||Bench^Mark\r"
            + $"ORC|RE|P{id}|F{id}|||||||||D1234^Okafor^Daniel^^^Dr^^^RIVERSIDE\r"
            + $"OBR|1|P{id}|F{id}|24321-2^Basic metabolic panel^LN|||20261102132000-0500||||||||D1234^Okafor^Daniel^^^Dr^^^RIVERSIDE||||||20261102135400-0500|||F\r"
            + "OBX|1|NM|2951-2^Sodium^LN||140|mmol/L^^UCUM|136-145|N|||F\r"
            + $"OBX|2|NM|2823-3^Potassium^LN||{(critical ? "6.8" : "4.2")}|mmol/L^^UCUM|3.5-5.1|{(critical ? "HH" : "N")}|||F\r"
            + "OBX|3|NM|2075-0^Chloride^LN||101|mmol/L^^UCUM|98-107|N|||F\r"
            + "OBX|4|NM|2028-9^Carbon dioxide^LN||24|mmol/L^^UCUM|22-29|N|||F\r"
            + "OBX|5|NM|2345-7^Glucose^LN||95|mg/dL^^UCUM|70-99|N|||F\r";
    }
}
