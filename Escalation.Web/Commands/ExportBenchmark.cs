using System.Diagnostics;
using Escalation.Domain.Audit;
using Escalation.Infrastructure;
using Escalation.Infrastructure.Compliance.Exports;
using Escalation.Infrastructure.DataProtection;
using Escalation.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Web.Commands;

/// <summary>
/// <c>benchmark-export --events 1000000 [--db PATH]</c>: fills an embedded database with a chained audit trail of
/// that many events (once; a second run reuses it), then exports the audit-log workbook and prints the time, the
/// file size and the process's peak working set during the export. Run it twice and read the second run to see the
/// export alone.
/// </summary>
internal static class ExportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = int.Parse(Option(args, "--events") ?? "1000000");
        var path = Path.GetFullPath(Option(args, "--db") ?? Path.Combine(Path.GetTempPath(), "escalation-export-bench.db"));
        var folder = Path.GetDirectoryName(path)!;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = folder });
        // Production refuses to start without a key-ring certificate; the benchmark's own sits beside its database.
        var certificate = Path.Combine(folder, "escalation-export-bench.pfx");
        KeyRingCertificate.LoadOrCreate(certificate).Dispose();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Escalation"] = $"Data Source={path}",
            ["Audit:CheckpointKeyFile"] = Path.Combine(folder, "escalation-export-bench.key"),
            ["DataProtection:CertificatePath"] = certificate,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddWebServices();
        builder.AddInfrastructure();
        await using var app = builder.Build();
        await app.Services.PrepareDatabaseAsync(app.Environment);

        var contexts = app.Services.GetRequiredService<IDbContextFactory<EscalationDbContext>>();
        long existing;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            existing = await db.AuditEntries.LongCountAsync();
        }

        if (existing < events)
        {
            var seeding = Stopwatch.StartNew();
            await SeedAsync(path, events - existing, contexts);
            Console.WriteLine($"Seeded {events - existing:N0} chained audit events in {seeding.Elapsed.TotalSeconds:0.0} s.");
        }

        var exports = app.Services.GetRequiredService<ComplianceExports>();
        var output = Path.Combine(folder, "escalation-export-bench.xlsx");
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        long peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(50);
            }
        });
        var clock = Stopwatch.StartNew();
        ExportResult result;
        await using (var file = File.Create(output))
        {
            result = await exports.WriteAsync(ExportKind.AuditLog, new ExportFilter(DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddYears(1)), "benchmark", file);
        }

        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        Console.WriteLine($"| {result.Rows:N0} rows | {clock.Elapsed.TotalSeconds:0.0} s | {new FileInfo(output).Length / 1048576.0:0.0} MB file | peak working set {peak / 1048576.0:0} MB (before {before / 1048576.0:0} MB) | process peak {process.PeakWorkingSet64 / 1048576.0:0} MB | chain {(result.Chain.IsIntact ? "intact" : "broken")} |");
        File.Delete(output);
        return 0;
    }

    /// <summary>Writes chained entries straight through ADO.NET in one transaction: the EF change tracker would measure itself, not the export.</summary>
    private static async Task SeedAsync(string path, long count, IDbContextFactory<EscalationDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var head = await db.AuditHeads.AsNoTracking().SingleAsync();
        var sequence = head.LastSequence;
        var previous = head.LastHash;
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO "AuditEntries" ("Sequence", "AtUnixMs", "Actor", "Kind", "MessageId", "Layer", "Channel", "Detail", "PreviousHash", "Hash")
            VALUES ($s, $at, $actor, $kind, $message, $layer, $channel, $detail, $prev, $hash)
            """;
        var parameters = new[] { "$s", "$at", "$actor", "$kind", "$message", "$layer", "$channel", "$detail", "$prev", "$hash" }.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        var start = DateTimeOffset.UtcNow.AddDays(-365);
        string[] kinds = ["Created", "LayerStarted", "Delivered", "Read", "Acknowledged", "Closed"];
        var message = Guid.NewGuid();
        for (long i = 0; i < count; i++)
        {
            if (i % 6 == 0)
            {
                message = Guid.NewGuid();
            }

            var entry = new AuditEntry(start.AddMilliseconds(i * 30), i % 6 == 4 ? "u-nurse" : "system:engine", kinds[i % 6], message, (int)(i % 4) + 1, i % 6 == 2 ? "Inbox" : null,
                i % 6 == 2 ? $"recipient u-{i % 40}" : null);
            entry.Chain(++sequence, previous);
            previous = entry.Hash!;
            object?[] values = [entry.Sequence, entry.AtUnixMs, entry.Actor, entry.Kind, entry.MessageId.ToString()!.ToUpperInvariant(), entry.Layer, entry.Channel, entry.Detail, entry.PreviousHash, entry.Hash];
            for (var p = 0; p < values.Length; p++)
            {
                parameters[p].Value = values[p] ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync();
        }

        var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """UPDATE "AuditHead" SET "LastSequence" = $s, "LastHash" = $h WHERE "Id" = 1""";
        update.Parameters.AddWithValue("$s", sequence);
        update.Parameters.AddWithValue("$h", previous);
        await update.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
