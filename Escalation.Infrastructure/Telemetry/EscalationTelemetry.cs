using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Escalation.Infrastructure.Telemetry;

/// <summary>
/// The product's own instruments (Meter "Escalation") and spans (ActivitySource "Escalation"), exported over OTLP when
/// an operator points OTEL_EXPORTER_OTLP_ENDPOINT at a collector, and tallied here for /admin/system without one.
/// Attributes are ids, channels, sources and outcomes: never a subject, body, patient reference or name.
/// </summary>
public static class EscalationTelemetry
{
    public const string Name = "Escalation";

    public static readonly ActivitySource Activities = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> Lateness = Meter.CreateHistogram<double>("escalation.step.lateness", "s",
        "Seconds between a step's deadline and the engine taking it");

    private static readonly Counter<long> PagesSent = Meter.CreateCounter<long>("escalation.pages.sent", description: "Pages handed to their channel");
    private static readonly Counter<long> PagesFailed = Meter.CreateCounter<long>("escalation.pages.failed", description: "Page attempts that failed");
    private static readonly Counter<long> IntegrationErrors = Meter.CreateCounter<long>("escalation.integration.errors", description: "Twilio and FHIR write-back errors");
    private static readonly Counter<long> Intakes = Meter.CreateCounter<long>("escalation.intake", description: "Messages taken in, by source");

    private static readonly ConcurrentDictionary<string, long> SentTally = new();
    private static readonly ConcurrentDictionary<string, long> FailedTally = new();
    private static readonly ConcurrentDictionary<string, long> ErrorTally = new();
    private static readonly ConcurrentDictionary<string, long> IntakeTally = new();
    private static readonly object LatenessLock = new();
    private static long _steps;
    private static double _latenessSum;
    private static double _latenessMax;

    public static void StepTaken(TimeSpan lateness, int layer)
    {
        var seconds = Math.Max(0, lateness.TotalSeconds);
        Lateness.Record(seconds, new KeyValuePair<string, object?>("escalation.layer", layer));
        lock (LatenessLock)
        {
            _steps++;
            _latenessSum += seconds;
            _latenessMax = Math.Max(_latenessMax, seconds);
        }
    }

    public static void PageSent(string channel) => Count(PagesSent, SentTally, "escalation.channel", channel);

    public static void PageFailed(string channel) => Count(PagesFailed, FailedTally, "escalation.channel", channel);

    /// <summary><paramref name="integration"/>: "twilio" or "fhir-write-back".</summary>
    public static void IntegrationError(string integration) => Count(IntegrationErrors, ErrorTally, "escalation.integration", integration);

    public static void Intake(MessageSource source) => Count(Intakes, IntakeTally, "escalation.source", source.ToString());

    /// <summary>
    /// Every message's journey is one trace whose id is the message id, so the intake, each engine step and each page
    /// sent (on whichever node, however long after) share it without storing a trace context in the outbox row.
    /// </summary>
    public static ActivityContext MessageTrace(MessageId id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.Value.TryWriteBytes(bytes);
        return new ActivityContext(ActivityTraceId.CreateFromBytes(bytes), ActivitySpanId.CreateFromBytes(bytes[8..]), ActivityTraceFlags.Recorded, isRemote: true);
    }

    /// <summary>A span in the message's trace, linked to whatever was running (the intake's HTTP request, the due-step batch).</summary>
    public static Activity? StartInMessageTrace(string name, MessageId id, ActivityKind kind = ActivityKind.Internal)
    {
        var links = Activity.Current is { } current ? new[] { new ActivityLink(current.Context) } : null;
        var activity = Activities.StartActivity(name, kind, MessageTrace(id), links: links);
        activity?.SetTag("escalation.message_id", id.Value.ToString());
        return activity;
    }

    public static TelemetryTallies Tallies()
    {
        lock (LatenessLock)
        {
            return new TelemetryTallies(_steps, _steps == 0 ? 0 : _latenessSum / _steps, _latenessMax,
                new SortedDictionary<string, long>(SentTally), new SortedDictionary<string, long>(FailedTally),
                new SortedDictionary<string, long>(ErrorTally), new SortedDictionary<string, long>(IntakeTally));
        }
    }

    private static void Count(Counter<long> counter, ConcurrentDictionary<string, long> tally, string key, string value)
    {
        counter.Add(1, new KeyValuePair<string, object?>(key, value));
        tally.AddOrUpdate(value, 1, (_, n) => n + 1);
    }
}

/// <summary>What this node counted since it started (the exporter has the same as time series).</summary>
public sealed record TelemetryTallies(
    long StepsTaken,
    double MeanLatenessSeconds,
    double WorstLatenessSeconds,
    IReadOnlyDictionary<string, long> PagesSent,
    IReadOnlyDictionary<string, long> PagesFailed,
    IReadOnlyDictionary<string, long> IntegrationErrors,
    IReadOnlyDictionary<string, long> Intake);
