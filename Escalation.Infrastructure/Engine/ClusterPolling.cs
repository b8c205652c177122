using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Escalation.Domain.Audit;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Escalation.Infrastructure.Engine;

/// <summary>How nodes carry live-screen changes to each other: PostgreSQL's LISTEN/NOTIFY, or polling the audit trail.</summary>
public enum ClusterCarrier
{
    Notify,
    Polling,
}

/// <summary>
/// The <c>Cluster:</c> settings. SQL Server nodes always poll; PostgreSQL nodes use LISTEN/NOTIFY unless
/// <c>Cluster:Notifications</c> is <c>Polling</c>; SQLite is one node and carries nothing (docs/decisions/033).
/// </summary>
public sealed record ClusterOptions
{
    public const string Section = "Cluster";

    public static ClusterOptions Default { get; } = new();

    /// <summary>Unset: the provider's own way.</summary>
    public ClusterCarrier? Notifications { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a skipped audit id is awaited: longer than any transaction that writes audit entries runs.</summary>
    public TimeSpan PollLookBack { get; init; } = TimeSpan.FromSeconds(60);

    public bool Polls(DatabaseProvider provider) =>
        provider == DatabaseProvider.SqlServer || (provider == DatabaseProvider.Postgres && Notifications == ClusterCarrier.Polling);

    /// <summary>Refused at start-up when a node could not carry changes as configured.</summary>
    public static ClusterOptions Read(IConfiguration configuration, DatabaseProvider provider)
    {
        var section = configuration.GetSection(Section);
        ClusterCarrier? carrier = null;
        if (section["Notifications"] is { Length: > 0 } text)
        {
            if (!Enum.TryParse<ClusterCarrier>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                throw new InvalidOperationException($"Cluster:Notifications '{text}' is not supported; use 'Notify' (PostgreSQL only) or 'Polling'.");
            }

            carrier = parsed;
        }

        if (carrier == ClusterCarrier.Notify && provider == DatabaseProvider.SqlServer)
        {
            throw new InvalidOperationException("Cluster:Notifications 'Notify' is PostgreSQL's LISTEN/NOTIFY; SQL Server nodes poll (leave it unset or use 'Polling').");
        }

        var options = new ClusterOptions
        {
            Notifications = carrier,
            PollInterval = section.GetValue<TimeSpan?>("PollInterval") ?? Default.PollInterval,
            PollLookBack = section.GetValue<TimeSpan?>("PollLookBack") ?? Default.PollLookBack,
        };
        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > TimeSpan.FromSeconds(10) || options.PollLookBack < options.PollInterval)
        {
            throw new InvalidOperationException("Cluster:PollInterval must be more than 0 and at most 10 s (screens follow other nodes that late), Cluster:PollLookBack at least Cluster:PollInterval.");
        }

        return options;
    }
}

/// <summary>
/// Carries changes across nodes on any relational provider, without a table of its own: every
/// <see cref="ClusterOptions.PollInterval"/> it reads the audit entries committed since the last poll (every state
/// change is audited in its own transaction, with its message id) and delivers the current unit, state, layer and
/// recipients of each message they name to local screens. Entries this node wrote are skipped (its screens heard at
/// once). Late commits are caught by <see cref="PollWindow"/>. On start and after a failed poll the screens reload
/// everything once, since what happened meanwhile was not delivered. docs/decisions/033.
/// </summary>
internal sealed class ClusterPolling(EngineNotifier notifier, DatabaseOptions database, ClusterOptions options, LocalAuditWrites local, ILogger<ClusterPolling> logger) : BackgroundService
{
    // The tail read at start: ids missing in it may belong to transactions still running.
    private const int StartTail = 200;
    private const int Batch = 2_000;
    private const int MaxGapRanges = 50;

    // More messages than this in one poll (a backlog after an outage, a ward-wide broadcast) and screens reload instead.
    private const int MaxChangesPerPoll = 200;

    // A gap's age is how long another node's transaction has been running, which the product's (test) clock knows
    // nothing of: like the wait between polls, it is wall-clock time, read through TimeProvider as everywhere else.
    private static readonly TimeProvider WallClock = TimeProvider.System;

    private readonly PollWindow _window = new(options.PollLookBack);
    private readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failures;

    /// <summary>The poller's application name: how an operator (or a test) finds its sessions on the server.</summary>
    public string PollerName => $"escalation-poll-{notifier.NodeId}";

    /// <summary>Completes once the first poll has worked: changes committed from then on reach this node.</summary>
    public Task Reading => _reading.Task;

    /// <summary>Polls that failed since start.</summary>
    public int Failures => Volatile.Read(ref _failures);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var contextOptions = ContextOptions();
        var begun = false;
        var reloadDue = true;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                await using var db = new EscalationDbContext(contextOptions);
                if (!begun)
                {
                    await BeginAsync(db, stoppingToken);
                    begun = true;
                    _reading.TrySetResult();
                }
                else
                {
                    more = await PollAsync(db, deliver: !reloadDue, stoppingToken);
                }

                if (reloadDue)
                {
                    reloadDue = false;
                    notifier.Deliver(MessageChanged.Reload);
                }

                if (failing)
                {
                    failing = false;
                    logger.LogWarning("Polling other nodes' changes works again; live screens reloaded");
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref _failures);
                // Once per outage, not twice a second.
                if (!failing)
                {
                    logger.LogWarning(exception, "Polling other nodes' changes failed; live screens reload once it works again");
                }

                failing = true;
                reloadDue = true;
            }

            if (!more)
            {
                try
                {
                    // Wall-clock time on purpose: polling waits on the network, not on the product's (test) clock.
                    await Task.Delay(options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task BeginAsync(EscalationDbContext db, CancellationToken cancellationToken)
    {
        var max = await db.AuditEntries.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        var tail = await db.AuditEntries.AsNoTracking().Where(e => e.Id > max - StartTail).Select(e => e.Id).ToListAsync(cancellationToken);
        _window.Begin(tail, WallClock.GetUtcNow());
    }

    /// <summary>One poll; true when a full batch came back and the next should follow at once.</summary>
    private async Task<bool> PollAsync(EscalationDbContext db, bool deliver, CancellationToken cancellationToken)
    {
        var rows = await db.AuditEntries.AsNoTracking().Where(Unread()).OrderBy(e => e.Id).Take(Batch)
            .Select(e => new { e.Id, e.MessageId }).ToListAsync(cancellationToken);
        var changed = _window.Accept(rows.Select(r => (r.Id, r.MessageId, local.Wrote(r.Id))), WallClock.GetUtcNow());
        local.ForgetBelow(_window.Floor);
        if (!deliver || changed.Count == 0)
        {
            return rows.Count == Batch;
        }

        if (changed.Count > MaxChangesPerPoll)
        {
            notifier.Deliver(MessageChanged.Reload);
            return rows.Count == Batch;
        }

        var ids = changed.Select(id => new MessageId(id)).ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new { m.Id, m.UnitId, m.State, m.CurrentLayer, m.CreatedBy }).ToListAsync(cancellationToken);
        var recipients = (await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.MessageId))
            .Select(d => new { d.MessageId, d.RecipientId }).Distinct().ToListAsync(cancellationToken)).ToLookup(d => d.MessageId, d => d.RecipientId);
        var byId = messages.ToDictionary(m => m.Id);
        foreach (var id in ids)
        {
            // The sender too, as replies notify: whoever may be looking at the message hears it changed.
            if (byId.TryGetValue(id, out var message))
            {
                notifier.Deliver(new MessageChanged(id, recipients[id].Append(message.CreatedBy).Distinct().ToList(), message.State, message.CurrentLayer) { UnitId = message.UnitId });
            }
        }

        return rows.Count == Batch;
    }

    /// <summary>
    /// Above the high-water mark, or inside a gap still awaited (a few ranges at most). The bounds are read from
    /// objects, not written in as literals, so EF sends them as parameters and reuses one plan per number of ranges.
    /// </summary>
    private Expression<Func<AuditEntry, bool>> Unread()
    {
        var entry = Expression.Parameter(typeof(AuditEntry), "e");
        var id = Expression.Property(entry, nameof(AuditEntry.Id));
        Expression body = Expression.GreaterThan(id, Bound.Of(_window.HighWater));
        foreach (var (from, to) in _window.ReadRanges(MaxGapRanges))
        {
            body = Expression.OrElse(body, Expression.AndAlso(Expression.GreaterThanOrEqual(id, Bound.Of(from)), Expression.LessThanOrEqual(id, Bound.Of(to))));
        }

        return Expression.Lambda<Func<AuditEntry, bool>>(body, entry);
    }

    private sealed class Bound(long value)
    {
        public long Value { get; } = value;

        public static Expression Of(long value) => Expression.Property(Expression.Constant(new Bound(value)), nameof(Value));
    }

    private DbContextOptions<EscalationDbContext> ContextOptions()
    {
        // Its own application name (and so its own pool): the poller's sessions are visible as such on the server.
        var named = new DbConnectionStringBuilder { ConnectionString = database.ConnectionString };
        named["Application Name"] = PollerName;
        var builder = new DbContextOptionsBuilder<EscalationDbContext>();
        DependencyInjection.Configure(builder, database with { ConnectionString = named.ConnectionString });
        return builder.Options;
    }
}

/// <summary>
/// The audit entries this node wrote, so its poller skips them: their changes were delivered in-process when they
/// committed. Recorded when EF has saved them (ids assigned, commit still ahead): an entry whose transaction then
/// rolls back is never read, so remembering it does no harm. Added entries only, never ones merely loaded and
/// updated (the chainer links other nodes' entries too).
/// </summary>
internal sealed class LocalAuditWrites : SaveChangesInterceptor
{
    private readonly ConcurrentDictionary<long, byte> _ids = new();
    private readonly ConditionalWeakTable<DbContext, List<AuditEntry>> _saving = new();

    public bool Wrote(long id) => _ids.ContainsKey(id);

    public void ForgetBelow(long floor)
    {
        foreach (var id in _ids.Keys.Where(id => id < floor))
        {
            _ids.TryRemove(id, out _);
        }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Remember(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var added = context.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count > 0)
        {
            _saving.AddOrUpdate(context, added);
        }
    }

    private void Remember(DbContext? context)
    {
        if (context is not null && _saving.TryGetValue(context, out var saved))
        {
            _saving.Remove(context);
            foreach (var entry in saved)
            {
                _ids[entry.Id] = 0;
            }
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _saving.Remove(context);
        }
    }
}

public static class ClusterPollingRegistration
{
    /// <summary>The poller and the record of this node's own audit writes, which the app's contexts feed (<see cref="Intercept"/>).</summary>
    internal static IServiceCollection AddClusterPolling(this IServiceCollection services, DatabaseOptions database, ClusterOptions cluster)
    {
        services.AddSingleton(cluster);
        services.AddSingleton<LocalAuditWrites>();
        services.AddSingleton(sp => new ClusterPolling(sp.GetRequiredService<EngineNotifier>(), database, cluster,
            sp.GetRequiredService<LocalAuditWrites>(), sp.GetRequiredService<ILogger<ClusterPolling>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ClusterPolling>());
        return services;
    }

    /// <summary>When this node polls, its contexts tell the poller which audit entries it wrote itself.</summary>
    public static void Intercept(IServiceProvider services, DbContextOptionsBuilder options)
    {
        if (services.GetService<LocalAuditWrites>() is { } local)
        {
            options.AddInterceptors(local);
        }
    }
}
