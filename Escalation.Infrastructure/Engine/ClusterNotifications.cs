using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// Carries <see cref="EngineNotifier"/> across nodes on PostgreSQL: every committed change this node publishes goes out
/// as <c>NOTIFY escalation_changes</c> with ids only, and one long-lived listening connection hands the other nodes'
/// changes to local screens. A dropped listener reconnects with backoff and then tells every screen to reload, since
/// whatever was notified while it was away is gone (NOTIFY is not stored). docs/decisions/033.
/// </summary>
internal sealed class ClusterNotifications(EngineNotifier notifier, string connectionString, ILogger<ClusterNotifications> logger) : BackgroundService
{
    public const string Channel = "escalation_changes";

    // PostgreSQL refuses a payload of 8000 bytes or more; a broadcast to a whole ward could get there.
    private const int MaxPayload = 7000;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    /// <summary>The listener's application_name: how an operator (or a test) finds its backend in pg_stat_activity.</summary>
    public string ListenerName => $"escalation-listen-{notifier.NodeId}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        notifier.RelayOutgoing();
        return Task.WhenAll(SendAsync(stoppingToken), ListenAsync(stoppingToken));
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = $"escalation-notify-{notifier.NodeId}" }.ConnectionString);
        await foreach (var change in notifier.Outgoing.ReadAllAsync(stoppingToken))
        {
            // A few attempts; a change that still cannot go out is covered by the screens' own refresh and by the
            // reload every other node's screens do when their listener comes back.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var command = source.CreateCommand("SELECT pg_notify(@channel, @payload)");
                    command.Parameters.AddWithValue("channel", Channel);
                    command.Parameters.AddWithValue("payload", Encode(change, notifier.NodeId));
                    await command.ExecuteNonQueryAsync(stoppingToken);
                    break;
                }
                catch (Exception exception) when (exception is not OperationCanceledException && attempt < 3)
                {
                    logger.LogWarning(exception, "Sending a change notification failed (attempt {Attempt})", attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "A change notification was not sent; other nodes' screens catch up on their next reload");
                    break;
                }
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        var connectedBefore = false;
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = ListenerName,
            // Not from the pool: this one connection lives as long as the node. Keepalive notices a dead peer
            // (a failed-over server, a cut network) that would otherwise leave WaitAsync waiting forever.
            Pooling = false,
            KeepAlive = 15,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (connectedBefore)
                {
                    logger.LogWarning("Change listener reconnected; live screens reload what they may have missed");
                    notifier.Deliver(MessageChanged.Reload);
                }

                connectedBefore = true;
                backoff = TimeSpan.FromMilliseconds(250);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Change listener lost its connection; reconnecting in {Backoff}", backoff);
                // Wall-clock time on purpose: a reconnect waits on the network, not on the product's (test) clock.
                try
                {
                    await Task.Delay(backoff, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }
    }

    private void OnNotification(string payload)
    {
        try
        {
            var (change, origin) = Decode(payload);
            if (origin != notifier.NodeId)
            {
                notifier.Deliver(change);
            }
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            logger.LogWarning(exception, "Ignored a malformed change notification");
        }
    }

    internal static string Encode(MessageChanged change, string nodeId)
    {
        var wire = new Wire(change.MessageId.Value, change.UnitId?.Value, change.State.ToString(), change.Layer, change.RecipientIds.ToArray(), nodeId, change.ReloadAll ? true : null);
        var json = JsonSerializer.Serialize(wire, Json);
        if (json.Length > MaxPayload)
        {
            // Too many recipients to list: every screen that might care reloads instead.
            json = JsonSerializer.Serialize(wire with { Recipients = [], All = true }, Json);
        }

        return json;
    }

    internal static (MessageChanged Change, string Origin) Decode(string payload)
    {
        var wire = JsonSerializer.Deserialize<Wire>(payload, Json) ?? throw new JsonException("empty");
        var change = new MessageChanged(new MessageId(wire.Message), wire.Recipients ?? [], Enum.Parse<MessageState>(wire.State), wire.Layer)
        {
            UnitId = wire.Unit is { } unit ? new UnitId(unit) : null,
            ReloadAll = wire.All == true,
        };
        return (change, wire.Node);
    }

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private sealed record Wire(
        [property: JsonPropertyName("m")] Guid Message,
        [property: JsonPropertyName("u")] Guid? Unit,
        [property: JsonPropertyName("s")] string State,
        [property: JsonPropertyName("l")] int Layer,
        [property: JsonPropertyName("r")] string[]? Recipients,
        [property: JsonPropertyName("n")] string Node,
        [property: JsonPropertyName("a")] bool? All);
}
