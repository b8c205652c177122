using System.Diagnostics;
using System.Net.Http.Headers;
using Escalation.Domain.Ladders;
using Escalation.Infrastructure;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Persistence;
using Escalation.Infrastructure.Roster;
using Escalation.Infrastructure.Seeding;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Web.Commands;

/// <summary>
/// <c>benchmark-engine</c>: the real app (Quartz, engine, Kestrel) on a fresh database, with the real clock.
/// Part 1 runs each deadline load (<c>--loads 10000:60,30000:60</c>: N open Critical messages at layer 1 whose
/// deadlines are spread over S seconds) and measures, for each step, how late it committed (audited time minus due
/// time). Part 2 posts messages to the API from concurrent clients for a fixed time, and meanwhile samples how long
/// committed audit entries wait to be chained. On SQLite it first measures the database's own ceiling here: one
/// writer (WAL, synchronous=FULL) committing the message-shaped transaction (four single-row inserts); on PostgreSQL
/// the script passes pgbench's rate for the same transaction on the same cluster (<c>--baseline-tps</c>). Results go
/// to stdout as Markdown; <c>--summary file</c> also writes them as JSON for <c>benchmark-engine-summary</c>, which
/// prints the issue-17 targets table from the runs of one script invocation.
/// </summary>
internal static class EngineBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Option(args, "--provider") ?? "Sqlite";
        var loads = (Option(args, "--loads") ?? "10000:60,30000:60").Split(',')
            .Select(l => l.Split(':')).Select(l => (Count: int.Parse(l[0]), Spread: TimeSpan.FromSeconds(int.Parse(l[1])))).ToList();
        var apiDuration = TimeSpan.FromSeconds(int.Parse(Option(args, "--api-seconds") ?? "60"));
        var clients = int.Parse(Option(args, "--clients") ?? "16");
        var lead = TimeSpan.FromSeconds(int.Parse(Option(args, "--lead-seconds") ?? "60"));
        var summaryPath = Option(args, "--summary");
        var folder = Directory.CreateTempSubdirectory("escalation-bench-").FullName;
        var isSqlite = !provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
        if (!isSqlite && Option(args, "--connection") is null)
        {
            Console.Error.WriteLine("benchmark-engine --provider Postgres needs --connection to an empty database (scripts/benchmark.sh starts one).");
            return 2;
        }

        var summary = new BenchmarkSummary { Provider = provider };
        if (isSqlite)
        {
            summary.BaselineName = "one SQLite writer (WAL, synchronous=FULL), four-insert tx/s";
            summary.BaselineTps = SqliteOneWriter(Path.Combine(folder, "baseline.db"), TimeSpan.FromSeconds(20));
        }
        else if (Option(args, "--baseline-tps") is { } tps)
        {
            summary.BaselineName = "pgbench, 16 clients, four-insert tx/s";
            summary.BaselineTps = double.Parse(tps, System.Globalization.CultureInfo.InvariantCulture);
        }

        var connection = Option(args, "--connection") ?? $"Data Source={Path.Combine(folder, "bench.db")}";

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Escalation"] = connection,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Escalation"] = "Error",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddWebServices();
        builder.AddInfrastructure();
        await using var app = builder.Build();
        await app.Services.PrepareDatabaseAsync(app.Environment);
        app.UseWebPipeline();
        await app.StartAsync();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        Console.WriteLine($"## Engine benchmark: {provider}, deadline loads {string.Join(" and ", loads.Select(l => $"{l.Count:N0} over {l.Spread.TotalSeconds:0} s"))}, API {apiDuration.TotalSeconds:0} s x {clients} clients");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        if (summary.BaselineTps is { } baseline)
        {
            Console.WriteLine($"Database ceiling in this run: {summary.BaselineName}: {baseline:0}");
            Console.WriteLine();
        }

        Console.WriteLine("### Deadlines (one Quartz job taking due steps in claimed batches, real clock)");
        Console.WriteLine();
        Console.WriteLine("| load | steps fired | of | once each | lateness p50 | p99 | max | steps/s over the run | auditor fired |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < loads.Count; i++)
        {
            summary.Loads.Add(await DeadlinesAsync(app.Services, $"bench{i}-", loads[i].Count, loads[i].Spread, lead));
        }

        Console.WriteLine();
        summary.Intake = await ApiAsync(app.Services, baseUrl, apiDuration, clients, summary.BaselineTps);
        await app.StopAsync();
        summary.PeakRssMb = PeakRssMb();
        Console.WriteLine($"Peak RSS of the app process (VmHWM) over the run: {summary.PeakRssMb:0} MB");
        Console.WriteLine();
        if (summaryPath is not null)
        {
            await File.WriteAllTextAsync(summaryPath, System.Text.Json.JsonSerializer.Serialize(summary, Json));
        }

        if (Option(args, "--connection") is null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    /// <summary><c>benchmark-engine-summary a.json b.json</c>: the issue-17 targets table from one script run.</summary>
    public static int Summarize(string[] files)
    {
        var runs = files.Select(f => System.Text.Json.JsonSerializer.Deserialize<BenchmarkSummary>(File.ReadAllText(f), Json)!).ToList();
        Console.WriteLine("## Targets (issue 17), as measured in this run");
        Console.WriteLine();
        Console.WriteLine("| measure | provider | measured | target |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var run in runs)
        {
            var postgres = run.Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
            foreach (var load in run.Loads)
            {
                var target = (double)load.Count / Math.Max(load.SpreadSeconds, 1) >= 400 ? "p99 <= 1 s, max <= 2 s" : postgres ? "p99 <= 500 ms, max <= 1 s" : "p99 <= 1 s";
                Console.WriteLine($"| lateness at {(double)load.Count / Math.Max(load.SpreadSeconds, 1):0} steps/s ({load.Count:N0} over {load.SpreadSeconds} s) | {run.Provider} | p50 {load.P50:0} ms, p99 {load.P99:0} ms, max {load.Max:0} ms; {load.Fired:N0}/{load.Count:N0} fired, once each: {(load.OnceEach ? "yes" : "NO")}, {load.Rate:0} steps/s | {target} |");
            }

            var intake = run.Intake;
            var ratio = run.BaselineTps is { } tps ? $"; {100 * intake.Rate / tps:0.0} % of {run.BaselineName} ({tps:0})" : string.Empty;
            Console.WriteLine($"| intake, 16 clients | {run.Provider} | {intake.Rate:0}/s, p99 {intake.P99:0} ms{ratio} | {(postgres ? ">= 1,000/s and >= 35 % of pgbench, p99 <= 100 ms" : ">= 500/s, p99 <= 100 ms")} |");
            Console.WriteLine($"| audit chained after commit, during intake | {run.Provider} | p99 {intake.ChainP99:0} ms, max {intake.ChainMax:0} ms ({intake.Chained:N0} entries) | p99 <= 1 s |");
            Console.WriteLine($"| peak RSS of the app during the run | {run.Provider} | {run.PeakRssMb:0} MB | <= 500 MB |");
        }

        Console.WriteLine();
        return 0;
    }

    private static async Task<LoadResult> DeadlinesAsync(IServiceProvider services, string prefix, int count, TimeSpan spread, TimeSpan lead)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<EscalationDbContext>>();
        var protector = services.GetRequiredService<PatientDataProtector>();
        var options = services.GetRequiredService<EngineOptions>();
        var clock = TimeProvider.System;
        var due = new Dictionary<Guid, DateTimeOffset>(count);
        long auditorBefore;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            auditorBefore = (await db.EngineCounters.SingleAsync(c => c.Name == EngineCounter.AuditorFired)).Value;
        }

        // Deadlines start a minute out (by default), so inserting the messages finishes before the first one is due.
        var firstDue = clock.GetUtcNow() + lead;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var ladder = await db.Ladders.SingleAsync(l => l.Name == Ladder.Defaults.CriticalName && l.IsCurrent);
            var unit = await db.Units.SingleAsync(u => u.Code == "ED");
            var roster = await RosterSnapshot.LoadAsync(db, unit.Id, clock.GetUtcNow(), CancellationToken.None);
            var body = protector.Protect("Benchmark result");
            var firstTimeout = ladder.Layers[0].Timeout;
            for (var i = 0; i < count; i++)
            {
                var deadline = firstDue + spread * i / count;
                var message = Message.Create(new MessageDraft(Tier.Critical, $"Benchmark {i}", body, null, MessageSource.Drill, $"{prefix}{i}", unit.Id),
                    ladder, escalates: true, requiresAck: true, "benchmark", deadline - firstTimeout);
                message.Start(ladder, roster.Resolve, options.RepageInterval, deadline - firstTimeout);
                message.ClearEvents();
                db.Messages.Add(message);
                due[message.Id.Value] = deadline;
                if (i % 1000 == 999)
                {
                    await db.SaveChangesAsync();
                    db.ChangeTracker.Clear();
                }
            }

            await db.SaveChangesAsync();
        }

        var late = clock.GetUtcNow() > firstDue;
        var lastDue = due.Values.Max();
        var giveUp = lastDue + TimeSpan.FromSeconds(120);
        int done;
        do
        {
            await Task.Delay(1000);
            await using var db = await contexts.CreateDbContextAsync();
            done = await db.Messages.CountAsync(m => m.Source == MessageSource.Drill && m.ExternalId!.StartsWith(prefix) && m.CurrentLayer >= 2);
        }
        while (done < count && clock.GetUtcNow() < giveUp);

        List<(Guid Id, long At)> steps;
        long auditorAfter;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var first = firstDue.ToUnixTimeMilliseconds();
            steps = (await db.AuditEntries.Where(e => e.Kind == "Escalated" && e.MessageId != null && e.AtUnixMs >= first)
                .Select(e => new { e.MessageId, e.AtUnixMs }).ToListAsync())
                .Where(e => due.ContainsKey(e.MessageId!.Value))
                .Select(e => (e.MessageId!.Value, e.AtUnixMs)).ToList();
            auditorAfter = (await db.EngineCounters.SingleAsync(c => c.Name == EngineCounter.AuditorFired)).Value;
        }

        var lateness = steps.Select(s => (double)(s.At - due[s.Id].ToUnixTimeMilliseconds())).Order().ToList();
        var window = steps.Count == 0 ? 0 : (steps.Max(s => s.At) - due.Values.Min().ToUnixTimeMilliseconds()) / 1000.0;
        var result = new LoadResult
        {
            Count = count,
            SpreadSeconds = (int)spread.TotalSeconds,
            Fired = steps.Select(s => s.Id).Distinct().Count(),
            OnceEach = steps.Count == steps.Select(s => s.Id).Distinct().Count(),
            P50 = Percentile(lateness, 0.50),
            P99 = Percentile(lateness, 0.99),
            Max = lateness.LastOrDefault(),
            Rate = lateness.Count / Math.Max(window, 0.001),
            AuditorFired = auditorAfter - auditorBefore,
        };
        Console.WriteLine($"| {count:N0} over {spread.TotalSeconds:0} s{(late ? " (SETUP OVERRAN THE FIRST DEADLINES)" : string.Empty)} | {result.Fired:N0} | {count:N0} | {(result.OnceEach ? "yes" : "NO")} | {result.P50:0} ms | {result.P99:0} ms | {result.Max:0} ms | {result.Rate:0} | {result.AuditorFired} |");
        return result;
    }

    private static async Task<IntakeResult> ApiAsync(IServiceProvider services, string baseUrl, TimeSpan duration, int clients, double? baselineTps)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<EscalationDbContext>>();
        Guid unit;
        long lastSequence;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            unit = (await db.Units.SingleAsync(u => u.Code == "ED")).Id.Value;
            lastSequence = await db.AuditEntries.MaxAsync(e => e.Sequence) ?? 0;
        }

        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", DemoData.IntegrationKey);
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var failures = 0;
        var stop = Stopwatch.StartNew();
        using var stopSampling = new CancellationTokenSource();
        var chainWaits = new List<double>();
        // Commit to chained, sampled: every 50 ms, the entries chained since the last look, each against its own
        // timestamp (taken by the request just before its commit, so this slightly overstates the wait), +0..50 ms.
        var sampler = Task.Run(async () =>
        {
            while (!stopSampling.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(50, stopSampling.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                await using var db = await contexts.CreateDbContextAsync();
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var fresh = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > lastSequence)
                    .Select(e => new { e.Sequence, e.AtUnixMs }).ToListAsync();
                if (fresh.Count > 0)
                {
                    lastSequence = fresh.Max(e => e.Sequence!.Value);
                    chainWaits.AddRange(fresh.Select(e => (double)(now - e.AtUnixMs)));
                }
            }
        });
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var n = 0;
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/api/messages", new
                {
                    tier = "Urgent", subject = "Answering service call", body = "Please call back", unitId = unit, externalId = $"api-{client}-{n++}",
                });
                if (response.StatusCode == System.Net.HttpStatusCode.Created)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var seconds = stop.Elapsed.TotalSeconds;
        // Let the chainer catch up with the last requests before the sampler stops.
        await Task.Delay(2000);
        await stopSampling.CancelAsync();
        await sampler;
        var sorted = latencies.Order().ToList();
        var waits = chainWaits.Order().ToList();
        var result = new IntakeResult
        {
            Accepted = sorted.Count,
            Failed = failures,
            Rate = sorted.Count / seconds,
            P50 = Percentile(sorted, 0.5),
            P99 = Percentile(sorted, 0.99),
            Max = sorted.LastOrDefault(),
            Chained = waits.Count,
            ChainP99 = Percentile(waits, 0.99),
            ChainMax = waits.LastOrDefault(),
        };
        Console.WriteLine("### POST /api/messages (API key, real HTTP on 127.0.0.1)");
        Console.WriteLine();
        Console.WriteLine("| accepted | failed | messages/s | of the database's ceiling | latency p50 | p99 | max | chained after commit p50 | p99 | max |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {result.Accepted:N0} | {failures} | {result.Rate:0} | {(baselineTps is { } tps ? $"{100 * result.Rate / tps:0.0} %" : "n/a")} | {result.P50:0.0} ms | {result.P99:0.0} ms | {result.Max:0.0} ms | {Percentile(waits, 0.5):0} ms | {result.ChainP99:0} ms | {result.ChainMax:0} ms |");
        Console.WriteLine();
        return result;
    }

    /// <summary>
    /// The ceiling SQLite itself sets here: one writer, WAL, synchronous=FULL, committing a message's four rows
    /// (message, delivery, audit entry, outbox) per transaction, one transaction after another.
    /// </summary>
    private static double SqliteOneWriter(string path, TimeSpan duration)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
                CREATE TABLE message (id TEXT PRIMARY KEY, tier TEXT, subject TEXT, body TEXT, state TEXT, created_at TEXT, deadline_at TEXT);
                CREATE INDEX message_state_deadline ON message (state, deadline_at);
                CREATE TABLE delivery (id TEXT PRIMARY KEY, message_id TEXT, layer INTEGER, recipient TEXT, channel TEXT, at TEXT);
                CREATE TABLE audit_entry (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER, actor TEXT, kind TEXT, message_id TEXT, detail TEXT);
                CREATE TABLE outbox (id TEXT PRIMARY KEY, idempotency_key TEXT UNIQUE, message_id TEXT, channel TEXT, created_at TEXT);
                """;
            setup.ExecuteNonQuery();
        }

        var stop = Stopwatch.StartNew();
        var transactions = 0;
        while (stop.Elapsed < duration)
        {
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            var message = Guid.NewGuid().ToString();
            var now = DateTimeOffset.UtcNow.ToString("O");
            insert.CommandText = """
                INSERT INTO message VALUES ($m, 'Critical', 'K+ 6.9', 'ciphertext-of-the-body', 'Open', $now, $now);
                INSERT INTO delivery VALUES ($d, $m, 1, 'nurse', 'Inbox', $now);
                INSERT INTO audit_entry (at, actor, kind, message_id, detail) VALUES (0, 'sender', 'Created', $m, 'Layer 1');
                INSERT INTO outbox VALUES ($o, $m || ':1:0:nurse:Inbox', $m, 'Inbox', $now);
                """;
            insert.Parameters.AddWithValue("$m", message);
            insert.Parameters.AddWithValue("$d", Guid.NewGuid().ToString());
            insert.Parameters.AddWithValue("$o", Guid.NewGuid().ToString());
            insert.Parameters.AddWithValue("$now", now);
            insert.ExecuteNonQuery();
            transaction.Commit();
            transactions++;
        }

        return transactions / stop.Elapsed.TotalSeconds;
    }

    // An empty sample is NaN, which plain JSON cannot carry.
    private static readonly System.Text.Json.JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static double PeakRssMb()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private sealed class BenchmarkSummary
    {
        public string Provider { get; set; } = string.Empty;

        public string? BaselineName { get; set; }

        public double? BaselineTps { get; set; }

        public List<LoadResult> Loads { get; set; } = [];

        public IntakeResult Intake { get; set; } = new();

        public double PeakRssMb { get; set; }
    }

    private sealed class LoadResult
    {
        public int Count { get; set; }

        public int SpreadSeconds { get; set; }

        public int Fired { get; set; }

        public bool OnceEach { get; set; }

        public double P50 { get; set; }

        public double P99 { get; set; }

        public double Max { get; set; }

        public double Rate { get; set; }

        public long AuditorFired { get; set; }
    }

    private sealed class IntakeResult
    {
        public int Accepted { get; set; }

        public int Failed { get; set; }

        public double Rate { get; set; }

        public double P50 { get; set; }

        public double P99 { get; set; }

        public double Max { get; set; }

        public int Chained { get; set; }

        public double ChainP99 { get; set; }

        public double ChainMax { get; set; }
    }
}
