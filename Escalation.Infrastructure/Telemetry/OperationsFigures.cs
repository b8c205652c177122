using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Escalation.Infrastructure.Telemetry;

/// <summary>The figures that are states of the database rather than events, read together at one instant.</summary>
public sealed record OperationsSnapshot(
    DateTimeOffset At,
    int DueNotTaken,
    int OutboxDepth,
    double OutboxOldestAgeSeconds,
    int AuditUnchained,
    double AuditChainLagSeconds,
    IReadOnlyList<RosterSourceLag> RosterSync)
{
    public static OperationsSnapshot Empty { get; } = new(DateTimeOffset.MinValue, 0, 0, 0, 0, 0, []);
}

/// <summary>Seconds since a schedule source last synced (null: never).</summary>
public sealed record RosterSourceLag(string Source, double? LagSeconds);

/// <summary>
/// Reads <see cref="OperationsSnapshot"/> for /admin/system and publishes it as observable gauges on the "Escalation"
/// meter. Gauge callbacks are synchronous and must not query, so they report the last snapshot, which
/// <see cref="OperationsSampler"/> refreshes every few seconds.
/// </summary>
public sealed class OperationsFigures : IDisposable
{
    private readonly IDbContextFactory<EscalationDbContext> _contexts;
    private readonly TimeProvider _clock;
    private readonly Meter _meter;
    private volatile OperationsSnapshot _latest = OperationsSnapshot.Empty;

    public OperationsFigures(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock, IMeterFactory meters)
    {
        _contexts = contexts;
        _clock = clock;
        _meter = meters.Create(EscalationTelemetry.Name);
        _meter.CreateObservableGauge("escalation.steps.due_not_taken", () => _latest.DueNotTaken, description: "Open messages past their deadline that no node has taken yet");
        _meter.CreateObservableGauge("escalation.outbox.depth", () => _latest.OutboxDepth, description: "Pages queued and not yet sent");
        _meter.CreateObservableGauge("escalation.outbox.oldest_age", () => _latest.OutboxOldestAgeSeconds, "s", "Age of the oldest unsent page");
        _meter.CreateObservableGauge("escalation.audit.chain_lag", () => _latest.AuditChainLagSeconds, "s", "Age of the oldest audit entry not yet chained");
        _meter.CreateObservableGauge("escalation.roster.sync_lag", () => _latest.RosterSync.Where(r => r.LagSeconds is not null)
            .Select(r => new Measurement<double>(r.LagSeconds!.Value, new KeyValuePair<string, object?>("escalation.roster_source", r.Source))), "s",
            "Seconds since each schedule source last synced");
    }

    public OperationsSnapshot Latest => _latest;

    public async Task<OperationsSnapshot> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var now = _clock.GetUtcNow();
        var due = await db.Messages.CountAsync(m => m.State == MessageState.Open && m.DeadlineAt != null && m.DeadlineAt <= now, cancellationToken);
        var unsent = db.Outbox.Where(o => o.SentAt == null);
        var depth = await unsent.CountAsync(cancellationToken);
        // Oldest by ordering, not Min(): SQLite stores the offsets as text, which it cannot aggregate as dates.
        var oldest = depth == 0 ? (DateTimeOffset?)null : await unsent.OrderBy(o => o.CreatedAt).Select(o => (DateTimeOffset?)o.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var unchained = db.AuditEntries.Where(e => e.Sequence == null);
        var unchainedCount = await unchained.CountAsync(cancellationToken);
        var oldestUnchained = unchainedCount == 0 ? (long?)null : await unchained.MinAsync(e => (long?)e.AtUnixMs, cancellationToken);
        var sources = await db.ScheduleSources.AsNoTracking().Where(s => s.IsEnabled).OrderBy(s => s.Name)
            .Select(s => new { s.Name, s.LastSyncedAt }).ToListAsync(cancellationToken);
        var snapshot = new OperationsSnapshot(
            now,
            due,
            depth,
            oldest is { } o ? Math.Max(0, (now - o).TotalSeconds) : 0,
            unchainedCount,
            oldestUnchained is { } u ? Math.Max(0, (now - DateTimeOffset.FromUnixTimeMilliseconds(u)).TotalSeconds) : 0,
            sources.Select(s => new RosterSourceLag(s.Name, s.LastSyncedAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : null)).ToList());
        _latest = snapshot;
        return snapshot;
    }

    public void Dispose() => _meter.Dispose();
}

/// <summary>Keeps <see cref="OperationsFigures.Latest"/> fresh for the gauges; wall-clock paced, as an exporter is.</summary>
internal sealed class OperationsSampler(OperationsFigures figures, ILogger<OperationsSampler> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await figures.RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Before migrations finish, or with the database away: the gauges keep their last values.
                logger.LogDebug(exception, "Reading the operations figures failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
