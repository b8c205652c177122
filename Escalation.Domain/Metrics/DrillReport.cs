using Escalation.Domain.Ladders;
using Escalation.Domain.Messages;

namespace Escalation.Domain.Metrics;

/// <summary>One step of a drill: how long the layer was configured to wait and how long it really took.</summary>
public sealed record DrillStep(int Layer, TimeSpan Configured, TimeSpan? Actual)
{
    /// <summary>A step that took more than half as long again as its timeout: the engine or the roster is slow.</summary>
    public bool IsLate => Actual is { } actual && actual > Configured * DrillReport.LateFactor;
}

/// <summary>
/// What a drill showed, step by step, from its audited events: each layer's start to the next layer's start (or the
/// acknowledgment) against the ladder version's timeout.
/// </summary>
public sealed record DrillReport(Guid MessageId, DateTimeOffset StartedAt, DateTimeOffset? AcknowledgedAt, IReadOnlyList<DrillStep> Steps)
{
    public const double LateFactor = 1.5;

    public bool HasLateStep => Steps.Any(s => s.IsLate);

    public static DrillReport From(Guid messageId, IReadOnlyList<Layer> layers, IEnumerable<(string Kind, DateTimeOffset At, int? Layer)> events)
    {
        var ordered = events.OrderBy(e => e.At).ToList();
        var started = ordered.FirstOrDefault(e => e.Kind == nameof(MessageEventKind.Created)).At;
        var acknowledged = ordered.Where(e => e.Kind == nameof(MessageEventKind.Acknowledged)).Select(e => (DateTimeOffset?)e.At).FirstOrDefault();
        var starts = ordered.Where(e => e.Kind == nameof(MessageEventKind.LayerStarted) && e.Layer is > 0).ToList();
        var steps = new List<DrillStep>();
        for (var i = 0; i < starts.Count; i++)
        {
            var number = starts[i].Layer!.Value;
            var end = i + 1 < starts.Count ? starts[i + 1].At : acknowledged;
            var configured = number <= layers.Count ? layers[number - 1].Timeout : TimeSpan.Zero;
            steps.Add(new DrillStep(number, configured, end - starts[i].At));
        }

        return new DrillReport(messageId, started, acknowledged, steps);
    }
}
