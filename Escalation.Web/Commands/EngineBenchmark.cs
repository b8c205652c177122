using System.Diagnostics;
using System.Net.Http.Headers;
using Escalation.Domain.Ladders;
using Escalation.Domain.Messages;
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
/// Part 1 puts N open Critical messages at layer 1 whose deadlines are spread over a window and measures, for each
/// step, how late it committed (audited time minus due time). Part 2 posts messages to the API from concurrent
/// clients for a fixed time. Results go to stdout as Markdown for BENCHMARKS.md.
/// </summary>
internal static class EngineBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Option(args, "--provider") ?? "Sqlite";
        var messages = int.Parse(Option(args, "--messages") ?? "10000");
        var spread = TimeSpan.FromSeconds(int.Parse(Option(args, "--spread-seconds") ?? "60"));
        var apiDuration = TimeSpan.FromSeconds(int.Parse(Option(args, "--api-seconds") ?? "60"));
        var clients = int.Parse(Option(args, "--clients") ?? "16");
        var folder = Directory.CreateTempSubdirectory("escalation-bench-").FullName;
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) && Option(args, "--connection") is null)
        {
            Console.Error.WriteLine("benchmark-engine --provider Postgres needs --connection to an empty database (scripts/benchmark.sh starts one).");
            return 2;
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

        Console.WriteLine($"## Engine benchmark: {provider}, {messages:N0} messages, deadlines over {spread.TotalSeconds:0} s, API {apiDuration.TotalSeconds:0} s x {clients} clients");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        await DeadlinesAsync(app.Services, messages, spread);
        await ApiAsync(app.Services, baseUrl, apiDuration, clients);
        await app.StopAsync();
        if (Option(args, "--connection") is null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    private static async Task DeadlinesAsync(IServiceProvider services, int count, TimeSpan spread)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<EscalationDbContext>>();
        var protector = services.GetRequiredService<PatientDataProtector>();
        var options = services.GetRequiredService<EngineOptions>();
        var clock = TimeProvider.System;
        var due = new Dictionary<Guid, DateTimeOffset>(count);

        var setup = Stopwatch.StartNew();
        // Deadlines start a minute out, so arming (batched, as in production) finishes before the first one is due.
        var firstDue = clock.GetUtcNow() + TimeSpan.FromSeconds(60);
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
                var message = Message.Create(new MessageDraft(Tier.Critical, $"Benchmark {i}", body, null, MessageSource.Drill, $"bench-{i}", unit.Id),
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
        var armed = setup.Elapsed;
        var lastDue = due.Values.Max();
        var giveUp = lastDue + TimeSpan.FromSeconds(120);
        int done;
        do
        {
            await Task.Delay(1000);
            await using var db = await contexts.CreateDbContextAsync();
            done = await db.Messages.CountAsync(m => m.Source == MessageSource.Drill && m.CurrentLayer >= 2);
        }
        while (done < count && clock.GetUtcNow() < giveUp);

        List<(Guid Id, long At)> steps;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            steps = (await db.AuditEntries.Where(e => e.Kind == "Escalated" && e.MessageId != null)
                .Select(e => new { e.MessageId, e.AtUnixMs }).ToListAsync())
                .Select(e => (e.MessageId!.Value, e.AtUnixMs)).ToList();
        }

        var lateness = steps.Where(s => due.ContainsKey(s.Id))
            .Select(s => (double)(s.At - due[s.Id].ToUnixTimeMilliseconds()))
            .Order()
            .ToList();
        var window = (steps.Max(s => s.At) - due.Values.Min().ToUnixTimeMilliseconds()) / 1000.0;
        Console.WriteLine("### Deadlines (Quartz triggers, real clock)");
        Console.WriteLine();
        Console.WriteLine($"Setup: {count:N0} messages inserted and their triggers armed in {armed.TotalSeconds:0.0} s; first deadline 60 s after the start{(late ? ": ARMING OVERRAN THE FIRST DEADLINES" : ", after arming finished")}.");
        Console.WriteLine();
        Console.WriteLine("| steps fired | of | once each | lateness p50 | p99 | max | steps/s over the run |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {lateness.Count:N0} | {count:N0} | {(steps.Count == steps.Select(s => s.Id).Distinct().Count() ? "yes" : "NO")} | {Percentile(lateness, 0.50):0} ms | {Percentile(lateness, 0.99):0} ms | {lateness.LastOrDefault():0} ms | {lateness.Count / Math.Max(window, 0.001):0} |");
        Console.WriteLine();
    }

    private static async Task ApiAsync(IServiceProvider services, string baseUrl, TimeSpan duration, int clients)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<EscalationDbContext>>();
        Guid unit;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            unit = (await db.Units.SingleAsync(u => u.Code == "ED")).Id.Value;
        }

        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", DemoData.IntegrationKey);
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var failures = 0;
        var stop = Stopwatch.StartNew();
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
        var sorted = latencies.Order().ToList();
        Console.WriteLine("### POST /api/messages (API key, real HTTP on 127.0.0.1)");
        Console.WriteLine();
        Console.WriteLine("| accepted | failed | messages/s | latency p50 | p99 | max |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine($"| {sorted.Count:N0} | {failures} | {sorted.Count / seconds:0} | {Percentile(sorted, 0.5):0.0} ms | {Percentile(sorted, 0.99):0.0} ms | {sorted.LastOrDefault():0.0} ms |");
        Console.WriteLine();
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
