using System.Collections.Concurrent;
using System.Diagnostics;
using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Engine;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Escalation.Tests.Cluster;

/// <summary>
/// Two nodes' engines, notifiers and pollers on one real database, carried by <see cref="ClusterPolling"/> with the
/// default settings: a change made on one node reaches the other's subscribers within a second, once, and never comes
/// back to the node that made it; an audit entry that commits after later ones is still delivered. The PostgreSQL run
/// also breaks the poller's connection and sees the screens told to reload.
/// </summary>
public abstract class ClusterPollingTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly Node _a = new();
    private readonly Node _b = new();
    private EngineHarness _harness = default!;

    protected EngineHarness Harness => _harness;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.CreateAsync(provider);
        foreach (var node in new[] { _a, _b })
        {
            node.Start(_harness);
        }

        // Each poller tells its screens to reload once its first poll works: from then on it is reading.
        foreach (var node in new[] { _a, _b })
        {
            await Eventually.UntilAsync(() => Task.FromResult(node.Reloads), n => n == 1, TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task AChangeOnOneNode_ReachesTheOtherWithinASecond_Once_AndNeverEchoesBack()
    {
        var message = await SendAsync(_a);
        var sent = Stopwatch.GetTimestamp();
        var onB = await _b.HeardAsync(message, MessageState.Open);
        Assert.True(Stopwatch.GetElapsedTime(sent, onB.At) < TimeSpan.FromSeconds(1), $"B heard it after {Stopwatch.GetElapsedTime(sent, onB.At).TotalMilliseconds:0} ms");
        Assert.Equal(_harness.Unit.Id, onB.Change.UnitId);
        Assert.Equal(1, onB.Change.Layer);
        Assert.Contains("nurse", onB.Change.RecipientIds);
        Assert.Contains("sender", onB.Change.RecipientIds);
        Assert.False(onB.Change.ReloadAll);

        Assert.True((await _b.Engine.AcknowledgeAsync(message, Callers.Clinician("nurse"))).Succeeded);
        var acked = Stopwatch.GetTimestamp();
        var onA = await _a.HeardAsync(message, MessageState.Acknowledged);
        Assert.True(Stopwatch.GetElapsedTime(acked, onA.At) < TimeSpan.FromSeconds(1), $"A heard the ACK after {Stopwatch.GetElapsedTime(acked, onA.At).TotalMilliseconds:0} ms");

        // A marker from A: polls read in id order, so once B has it, B has read past its own ACK too.
        var marker = await SendAsync(_a);
        await _b.HeardAsync(marker, MessageState.Open);
        Assert.Equal([MessageState.Open, MessageState.Acknowledged], _a.Heard(message));
        Assert.Equal([MessageState.Open, MessageState.Acknowledged], _b.Heard(message));
        Assert.Equal(1, _a.Reloads);
        Assert.Equal(1, _b.Reloads);
    }

    [Fact]
    public async Task AnAuditEntryCommittedAfterLaterOnes_IsStillDelivered()
    {
        var early = await SendAsync(_a);
        var later = await SendAsync(_a);
        await _b.HeardAsync(later, MessageState.Open);

        // A third writer takes an audit id and holds its transaction open while A commits entries with higher ids.
        await using var slow = _harness.NewContext();
        await using var transaction = await slow.Database.BeginTransactionAsync();
        AuditWriter.Append(slow, [new AuditRecord(_harness.Clock.GetUtcNow(), "charge", "Read", early.Value, 1)]);
        await slow.SaveChangesAsync();
        Assert.True((await _a.Engine.AcknowledgeAsync(later, Callers.Clinician("nurse"))).Succeeded);
        if (provider == DatabaseProvider.Postgres)
        {
            // B reads past the open transaction's id (on SQL Server without READ_COMMITTED_SNAPSHOT its read waits
            // for that transaction instead, so the order there is the commit's).
            await _b.HeardAsync(later, MessageState.Acknowledged);
            Assert.Single(_b.Heard(early));
        }

        await transaction.CommitAsync();
        var committed = Stopwatch.GetTimestamp();
        await Eventually.UntilAsync(() => Task.FromResult(_b.Heard(early).Count), n => n == 2, TimeSpan.FromSeconds(5));
        Assert.True(Stopwatch.GetElapsedTime(committed) < TimeSpan.FromSeconds(2));
        await _b.HeardAsync(later, MessageState.Acknowledged);
        Assert.Equal([MessageState.Open, MessageState.Acknowledged], _b.Heard(later));
    }

    internal Node NodeB => _b;

    protected Task<MessageId> SendOnAAsync() => SendAsync(_a);

    private async Task<MessageId> SendAsync(Node node)
    {
        var result = await node.Engine.SendAsync(
            new SendMessage(Tier.Critical, "Critical result", "K+ 6.9 mmol/L, bed 12", "MRN 0042", _harness.Unit.Id.Value, null, null, MessageSource.Manual, null, false),
            "sender");
        return result.Id;
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _harness.DisposeAsync();
    }

    /// <summary>One node: its notifier and subscribers, its engine (whose audit writes it records) and its poller.</summary>
    internal sealed class Node : IAsyncDisposable
    {
        private readonly ConcurrentQueue<(MessageChanged Change, long At)> _heard = new();
        private readonly LocalAuditWrites _local = new();

        public EngineNotifier Notifier { get; } = new();

        public EscalationEngine Engine { get; private set; } = default!;

        public ClusterPolling Poller { get; private set; } = default!;

        public int Reloads => _heard.Count(h => h.Change.ReloadAll);

        public void Start(EngineHarness harness)
        {
            Notifier.Subscribe(change => _heard.Enqueue((change, Stopwatch.GetTimestamp())));
            Engine = new EscalationEngine(new InterceptedContexts(harness.Database, _local), harness.Clock, harness.Options, Notifier, harness.Protector, NullLogger<EscalationEngine>.Instance);
            Poller = new ClusterPolling(Notifier, harness.Database, ClusterOptions.Default, _local, NullLogger<ClusterPolling>.Instance);
            Poller.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        public List<MessageState> Heard(MessageId id) => _heard.Where(h => h.Change.MessageId == id).Select(h => h.Change.State).ToList();

        public async Task<(MessageChanged Change, long At)> HeardAsync(MessageId id, MessageState state)
        {
            var heard = await Eventually.UntilAsync(
                () => Task.FromResult(_heard.Where(h => h.Change.MessageId == id && h.Change.State == state).ToList()), l => l.Count > 0, TimeSpan.FromSeconds(5));
            return heard[0];
        }

        public async ValueTask DisposeAsync()
        {
            if (Poller is not null)
            {
                await Poller.StopAsync(CancellationToken.None);
                Poller.Dispose();
            }
        }
    }

    /// <summary>The app's contexts with the interceptor the app adds when it polls.</summary>
    private sealed class InterceptedContexts(DatabaseOptions database, LocalAuditWrites local) : IDbContextFactory<EscalationDbContext>
    {
        public EscalationDbContext CreateDbContext()
        {
            var builder = new DbContextOptionsBuilder<EscalationDbContext>();
            Escalation.Infrastructure.DependencyInjection.Configure(builder, database);
            builder.AddInterceptors(local);
            return new EscalationDbContext(builder.Options);
        }
    }
}

[Trait("Category", "Postgres")]
public sealed class PostgresClusterPollingTests() : ClusterPollingTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task AFailedPoll_ThenScreensReloadOnce_AndChangesFlowAgain()
    {
        // The poller's pooled session is ended by the server (a failover, a restart): the next poll fails.
        var before = NodeB.Poller.Failures;
        await using (var admin = new NpgsqlConnection(Harness.Database.ConnectionString))
        {
            await admin.OpenAsync();
            await Eventually.UntilAsync(() => CountAsync(admin, "SELECT count(*) FROM pg_stat_activity WHERE application_name = @name"), n => n > 0, TimeSpan.FromSeconds(5));
            Assert.True(await CountAsync(admin, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name") > 0);
        }

        await Eventually.UntilAsync(() => Task.FromResult(NodeB.Poller.Failures), n => n > before, TimeSpan.FromSeconds(5));
        await Eventually.UntilAsync(() => Task.FromResult(NodeB.Reloads), n => n == 2, TimeSpan.FromSeconds(5));
        var message = await SendOnAAsync();
        await NodeB.HeardAsync(message, MessageState.Open);
        Assert.Equal(2, NodeB.Reloads);
    }

    private async Task<long> CountAsync(NpgsqlConnection admin, string sql)
    {
        await using var command = new NpgsqlCommand(sql, admin);
        command.Parameters.AddWithValue("name", NodeB.Poller.PollerName);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

[Trait("Category", "SqlServer")]
public sealed class SqlServerClusterPollingTests() : ClusterPollingTests(DatabaseProvider.SqlServer);
