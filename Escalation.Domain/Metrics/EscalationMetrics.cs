using Escalation.Domain.Messages;

namespace Escalation.Domain.Metrics;

/// <summary>
/// What the audit trail says happened to one message: when it was sent, first acknowledged, the highest layer it
/// reached and when it reached the fourth, how it was closed. Built from the message's audited events.
/// </summary>
public sealed record MessageFacts(
    Guid MessageId, Tier Tier, Guid UnitId, bool IsDrill, bool IsBroadcast, DateTimeOffset SentAt, DateTimeOffset? FirstAckAt, int HighestLayer,
    DateTimeOffset? Layer4At, CloseOutcome? Outcome, DateTimeOffset? ClosedAt, DateTimeOffset? RemindedAt = null)
{
    public const int Layer4 = 4;

    /// <summary>Folds a message's audit entries (kind, time, layer, detail) into its facts.</summary>
    public static MessageFacts FromEvents(
        Guid messageId, Tier tier, Guid unitId, bool isDrill, bool isBroadcast, IEnumerable<(string Kind, DateTimeOffset At, int? Layer, string? Detail)> events)
    {
        DateTimeOffset? sent = null, ack = null, layer4 = null, closed = null, reminded = null;
        var highest = 0;
        CloseOutcome? outcome = null;
        foreach (var (kind, at, layer, detail) in events.OrderBy(e => e.At))
        {
            switch (kind)
            {
                case nameof(MessageEventKind.Created):
                    sent ??= at;
                    break;
                case nameof(MessageEventKind.Acknowledged):
                    ack ??= at;
                    break;
                case nameof(MessageEventKind.LayerStarted) when layer is { } number:
                    highest = Math.Max(highest, number);
                    if (number >= Layer4)
                    {
                        layer4 ??= at;
                    }

                    break;
                case nameof(MessageEventKind.AckReminderSent):
                    reminded ??= at;
                    break;
                case nameof(MessageEventKind.Closed):
                    closed ??= at;
                    outcome = Enum.TryParse<CloseOutcome>(detail, out var parsed) ? parsed : null;
                    break;
            }
        }

        return new MessageFacts(messageId, tier, unitId, isDrill, isBroadcast, sent ?? DateTimeOffset.MinValue, ack, highest, layer4, outcome, closed, reminded);
    }

    public TimeSpan? TimeToFirstAck => FirstAckAt - SentAt;

    /// <summary>Its acknowledger was reminded, and somebody closed it after that.</summary>
    public bool ClosedAfterReminder => RemindedAt is { } reminded && ClosedAt is { } closed && closed >= reminded;
}

/// <summary>One tier's figures over a period (or one week of it).</summary>
public sealed record TierFigures(
    Tier Tier, int Sent, int Acknowledged, double? MtfaMeanSeconds, double? MtfaMedianSeconds, double? Mtfa90thSeconds,
    double? PastLayer1Share, double? PastLayer2Share, int Layer4Activations, int FalsePositives, int RemindersSent = 0, int ClosedAfterReminder = 0);

public sealed record WeekFigures(DateOnly WeekStarting, IReadOnlyList<TierFigures> ByTier);

public sealed record Layer4Activation(Guid MessageId, Tier Tier, Guid UnitId, DateTimeOffset At);

public sealed record MetricsReport(
    DateTimeOffset From, DateTimeOffset To, IReadOnlyList<TierFigures> ByTier, IReadOnlyList<WeekFigures> Weekly, IReadOnlyList<Layer4Activation> Layer4);

/// <summary>
/// The dashboard's figures, computed in one place from message facts: the API and the charts show exactly these.
/// Drills and broadcasts are left out (a drill is not clinical; a broadcast does not climb). A message counts in the
/// period it was sent in.
/// </summary>
public static class EscalationMetrics
{
    /// <summary>The practice guides' target for the first acknowledgment of a Critical message.</summary>
    public static readonly TimeSpan CriticalMtfaTarget = TimeSpan.FromMinutes(3);

    /// <summary>A Critical acknowledged and then closed "no action needed" within this is counted a false positive.</summary>
    public static readonly TimeSpan DefaultFalsePositiveWindow = TimeSpan.FromMinutes(2);

    public static MetricsReport Compute(IEnumerable<MessageFacts> facts, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, TimeSpan falsePositiveWindow)
    {
        var clinical = facts.Where(f => !f.IsDrill && !f.IsBroadcast && f.SentAt >= from && f.SentAt < to).ToList();
        var weekly = clinical.GroupBy(f => WeekStarting(f.SentAt, zone)).OrderBy(g => g.Key)
            .Select(g => new WeekFigures(g.Key, Figures(g.ToList(), falsePositiveWindow))).ToList();
        var layer4 = clinical.Where(f => f.Layer4At is not null).OrderBy(f => f.Layer4At)
            .Select(f => new Layer4Activation(f.MessageId, f.Tier, f.UnitId, f.Layer4At!.Value)).ToList();
        return new MetricsReport(from, to, Figures(clinical, falsePositiveWindow), weekly, layer4);
    }

    /// <summary>The Monday that starts the week of <paramref name="at"/> in the organisation's zone.</summary>
    public static DateOnly WeekStarting(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        return local.AddDays(-(((int)local.DayOfWeek + 6) % 7));
    }

    private static List<TierFigures> Figures(List<MessageFacts> messages, TimeSpan falsePositiveWindow) =>
        Enum.GetValues<Tier>().Select(tier =>
        {
            var sent = messages.Where(m => m.Tier == tier).ToList();
            var acks = sent.Where(m => m.TimeToFirstAck is not null).Select(m => m.TimeToFirstAck!.Value.TotalSeconds).Order().ToList();
            return new TierFigures(
                tier,
                sent.Count,
                acks.Count,
                acks.Count == 0 ? null : acks.Average(),
                acks.Count == 0 ? null : Median(acks),
                acks.Count == 0 ? null : acks[(int)Math.Ceiling(0.9 * acks.Count) - 1],
                sent.Count == 0 ? null : (double)sent.Count(m => m.HighestLayer >= 2) / sent.Count,
                sent.Count == 0 ? null : (double)sent.Count(m => m.HighestLayer >= 3) / sent.Count,
                sent.Count(m => m.Layer4At is not null),
                sent.Count(m => m.Tier == Tier.Critical && m.Outcome == CloseOutcome.NoActionNeeded && m.FirstAckAt is { } ack && m.ClosedAt is { } closed
                    && closed - ack <= falsePositiveWindow),
                sent.Count(m => m.RemindedAt is not null),
                sent.Count(m => m.ClosedAfterReminder));
        }).ToList();

    private static double Median(List<double> sorted) => (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
}
