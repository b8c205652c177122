namespace Escalation.Web.Components.Pages.Messages;

/// <summary>How the message page says who did something and how long after the message was sent.</summary>
public static class TimelineText
{
    /// <summary>"45 s", "4 min 10 s", "1 h 20 min" after the message was sent.</summary>
    public static string Elapsed(TimeSpan span) =>
        span.TotalMinutes < 1 ? $"{Math.Max(0, span.TotalSeconds):0} s"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
        : $"{(int)span.TotalHours} h {span.Minutes} min";

    /// <summary>
    /// An audited step as people say it: "LayerStarted" reads "Layer started", "CallNotReached" "Call not reached".
    /// The audit keeps the kind as stored (it is hash-chained); only the page words it.
    /// </summary>
    public static string Kind(string kind)
    {
        var words = new System.Text.StringBuilder(kind.Length + 8);
        for (var i = 0; i < kind.Length; i++)
        {
            var c = kind[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(kind[i - 1]))
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }

        return words.ToString();
    }

    /// <summary>A person's name; the engine and an integration (EHR, answering service) by what they are.</summary>
    public static string Actor(string actor, IReadOnlyDictionary<string, string> names, string source) => actor switch
    {
        _ when names.TryGetValue(actor, out var name) => name,
        "system:engine" => "Escalation engine",
        _ when actor.StartsWith("apikey:", StringComparison.Ordinal) => $"{source} integration",
        _ => actor,
    };
}
