using System.Collections.Concurrent;
using Escalation.Infrastructure.Engine;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Escalation.Tests.Cluster;

/// <summary>
/// Two nodes' notifiers on one real PostgreSQL database, joined by LISTEN/NOTIFY: each change reaches the other node
/// once and its own node once (not again through NOTIFY); a listener whose connection is killed comes back and tells
/// its screens to reload.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ClusterNotificationsTests : IAsyncLifetime
{
    private readonly EngineNotifier _a = new();
    private readonly EngineNotifier _b = new();
    private readonly ConcurrentQueue<MessageChanged> _heardOnA = new();
    private readonly ConcurrentQueue<MessageChanged> _heardOnB = new();
    private TestDatabase _database = default!;
    private ClusterNotifications _relayA = default!;
    private ClusterNotifications _relayB = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        _relayA = new ClusterNotifications(_a, _database.Options.ConnectionString, NullLogger<ClusterNotifications>.Instance);
        _relayB = new ClusterNotifications(_b, _database.Options.ConnectionString, NullLogger<ClusterNotifications>.Instance);
        _a.Subscribe(_heardOnA.Enqueue);
        _b.Subscribe(_heardOnB.Enqueue);
        await _relayA.StartAsync(CancellationToken.None);
        await _relayB.StartAsync(CancellationToken.None);
        await Eventually.UntilAsync(() => ListenersAsync(), n => n == 2, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AChange_ReachesTheOtherNodeOnce_ItsOwnNodeOnce_AndALostListenerReloadsAndCarriesOn()
    {
        var unit = new UnitId(Guid.NewGuid());
        var first = new MessageChanged(MessageId.New(), ["nurse-1", "doctor-2"], MessageState.Acknowledged, 2) { UnitId = unit };
        _a.Publish(first);

        var onB = await Eventually.UntilAsync(() => Task.FromResult(_heardOnB.ToList()), l => l.Count > 0, TimeSpan.FromSeconds(5));
        var received = Assert.Single(onB);
        Assert.Equal(first.MessageId, received.MessageId);
        Assert.Equal(unit, received.UnitId);
        Assert.Equal(MessageState.Acknowledged, received.State);
        Assert.Equal(2, received.Layer);
        Assert.Equal(["nurse-1", "doctor-2"], received.RecipientIds);
        Assert.False(received.ReloadAll);

        // B's listener connection dies (a server failover, a cut network): it reconnects and B's screens reload.
        await using (var admin = new NpgsqlConnection(_database.Options.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @name", admin);
            kill.Parameters.AddWithValue("name", _relayB.ListenerName);
            await kill.ExecuteNonQueryAsync();
        }

        await Eventually.UntilAsync(() => Task.FromResult(_heardOnB.Count(c => c.ReloadAll)), n => n == 1, TimeSpan.FromSeconds(10));
        await Eventually.UntilAsync(() => ListenersAsync(), n => n == 2, TimeSpan.FromSeconds(10));
        var second = new MessageChanged(MessageId.New(), ["nurse-1"], MessageState.Closed, 2) { UnitId = unit };
        _a.Publish(second);
        await Eventually.UntilAsync(() => Task.FromResult(_heardOnB.Count(c => c.MessageId == second.MessageId)), n => n == 1, TimeSpan.FromSeconds(5));

        // A heard each of its own changes once, in-process, never again through its listener. A marker from B comes
        // after them on A's listener (PostgreSQL delivers in commit order), so once A has it, a duplicate would be in.
        var marker = new MessageChanged(MessageId.New(), [], MessageState.Open, 1);
        _b.Publish(marker);
        await Eventually.UntilAsync(() => Task.FromResult(_heardOnA.Any(c => c.MessageId == marker.MessageId)), heard => heard, TimeSpan.FromSeconds(5));
        Assert.Equal([first.MessageId, second.MessageId, marker.MessageId], _heardOnA.Select(c => c.MessageId));
        Assert.Equal(1, _heardOnB.Count(c => c.MessageId == first.MessageId));
    }

    [Fact]
    public void APayload_CarriesIdsOnly_AndTooManyRecipientsBecomeAReloadForAll()
    {
        var change = new MessageChanged(MessageId.New(), Enumerable.Range(0, 2_000).Select(i => $"user-{i:0000}").ToList(), MessageState.Open, 1);
        var payload = ClusterNotifications.Encode(change, "node-a");
        Assert.True(payload.Length < 8_000, $"{payload.Length} characters");
        var (decoded, origin) = ClusterNotifications.Decode(payload);
        Assert.Equal("node-a", origin);
        Assert.True(decoded.ReloadAll);
        Assert.Empty(decoded.RecipientIds);
    }

    private async Task<long> ListenersAsync()
    {
        await using var admin = new NpgsqlConnection(_database.Options.ConnectionString);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name IN (@a, @b) AND query LIKE 'LISTEN%'", admin);
        count.Parameters.AddWithValue("a", _relayA.ListenerName);
        count.Parameters.AddWithValue("b", _relayB.ListenerName);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await _relayA.StopAsync(CancellationToken.None);
        await _relayB.StopAsync(CancellationToken.None);
        _relayA.Dispose();
        _relayB.Dispose();
        await _database.DisposeAsync();
    }
}
