using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Xunit.Abstractions;

namespace Escalation.Tests.Benchmarks;

/// <summary>
/// How many lab results the /fhir endpoint takes in per second: a 50-result transaction Bundle (5 critical potassiums,
/// 45 normal sodiums, each result new) POSTed over real HTTP on 127.0.0.1 to the app on SQLite, for a fixed number of
/// rounds. One line (results/s, p50 and p99 per POST) goes to TestResults/fhir-intake-throughput.txt.
/// Copied into a baseline checkout by scripts/benchmark-compare.sh, so it uses only HTTP and test support that the
/// baseline has too: the bundle is written as text, not with the FHIR library.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class FhirIntakeThroughputBenchmark(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rounds = 20;
    private const int WarmUp = 2;
    private const int Results = 50;
    private const int Critical = 5;

    private TestDatabase _database = default!;
    private AppHost _app = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _app = new AppHost(_database.Options).Start();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task FiftyResultBundle_PostedRepeatedly()
    {
        // 127.0.0.1 rather than the app's localhost URL: no name lookup in the figure.
        using var ehr = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_app.Port}") };
        ehr.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", DemoData.IntegrationKey);
        var run = Guid.NewGuid().ToString("N")[..8];
        var samples = new List<double>();
        var measured = Stopwatch.StartNew();
        for (var round = 0; round < Rounds + WarmUp; round++)
        {
            if (round == WarmUp)
            {
                measured.Restart(); // the first rounds warm up the JIT, the connection pool and the caches
            }

            using var content = new StringContent(Bundle($"{run}-{round}"), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
            var clock = Stopwatch.StartNew();
            using var response = await ehr.PostAsync("/fhir", content);
            clock.Stop();
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            if (round >= WarmUp)
            {
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        measured.Stop();
        samples.Sort();
        var report = string.Create(CultureInfo.InvariantCulture,
            $"FHIR intake, {Results}-result transaction bundle ({Critical} critical), {Rounds} POSTs: {Rounds * Results / measured.Elapsed.TotalSeconds:0} results/s, "
            + $"p50 {Percentile(samples, 0.50):0} ms, p99 {Percentile(samples, 0.99):0} ms per POST, min {samples[0]:0} ms, max {samples[^1]:0} ms");
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(RepositoryPaths.Screenshots, "..", "fhir-intake-throughput.txt"), report + Environment.NewLine);
        Assert.Equal(Rounds, samples.Count);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>A lab's transaction: a Patient and 50 Observations that refer to it by urn:uuid, ids unique to the round.</summary>
    private static string Bundle(string round)
    {
        var entries = new List<string>
        {
            $$$"""{"fullUrl":"urn:uuid:pat-{{{round}}}","resource":{"resourceType":"Patient","identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},"system":"http://hospital.example.org/mrn","value":"MRN-{{{round}}}"}],"name":[{"family":"Bench","given":["Mark"]}]},"request":{"method":"POST","url":"Patient"}}""",
        };
        for (var i = 0; i < Results; i++)
        {
            var critical = i < Critical;
            var (loinc, text, value, flag) = critical ? ("2823-3", "Potassium", "6.8", "HH") : ("2951-2", "Sodium", "140", "N");
            entries.Add($$$"""{"fullUrl":"urn:uuid:obs-{{{round}}}-{{{i}}}","resource":{"resourceType":"Observation","id":"bench-{{{round}}}-{{{i}}}","meta":{"versionId":"1"},"status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"{{{loinc}}}"}],"text":"{{{text}}}"},"subject":{"reference":"urn:uuid:pat-{{{round}}}"},"effectiveDateTime":"2026-11-30T07:50:00Z","issued":"2026-11-30T08:40:00Z","valueQuantity":{"value":{{{value}}},"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"},"interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"{{{flag}}}"}]}]},"request":{"method":"POST","url":"Observation"}}""");
        }

        return $$"""{"resourceType":"Bundle","type":"transaction","entry":[{{string.Join(",", entries)}}]}""";
    }
}
