namespace Escalation.Web.Components.Pages.Messages;

/// <summary>How the message page says who did something and how long after the message was sent.</summary>
public static class TimelineText
{
    /// <summary>"45 s", "4 min 10 s", "1 h 20 min" after the message was sent.</summary>
    public static string Elapsed(TimeSpan span) =>
        span.TotalMinutes < 1 ? $"{Math.Max(0, span.TotalSeconds):0} s"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
        : $"{(int)span.TotalHours} h {span.Minutes} min";

    /// <summary>A person's name; the engine and an integration (EHR, answering service) by what they are.</summary>
    public static string Actor(string actor, IReadOnlyDictionary<string, string> names, string source) => actor switch
    {
        _ when names.TryGetValue(actor, out var name) => name,
        "system:engine" => "Escalation engine",
        _ when actor.StartsWith("apikey:", StringComparison.Ordinal) => $"{source} integration",
        _ => actor,
    };
}
