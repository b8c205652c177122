using Escalation.Domain.Ladders;

namespace Escalation.Infrastructure.Ladders;

/// <summary>
/// A ladder as people say it: "Charge nurse" (one role: <see cref="ClinicalRoleKindWords"/>), "SMS", "8 min".
/// The version history, the audit-free change lines and the ladder drawing all use these words, so a role or a timeout reads the same wherever it appears.
/// </summary>
public static class LadderWords
{
    /// <summary>A layer's fallback roles in order: "Attending physician, else On-call physician".</summary>
    public static string Roles(IEnumerable<ClinicalRoleKind> kinds) => string.Join(", else ", kinds.Select(k => k.Words()));

    public static string Channel(Channels channel) => channel switch
    {
        Channels.Inbox => "Inbox",
        Channels.Sms => "SMS",
        Channels.Voice => "Voice call",
        _ => channel.ToString(),
    };

    /// <summary>The single channels a layer uses, inbox first.</summary>
    public static IReadOnlyList<Channels> Split(Channels channels) =>
        Enum.GetValues<Channels>().Where(c => c != Channels.None && channels.HasFlag(c)).ToList();

    public static string ChannelList(IEnumerable<Channels> channels) => string.Join(" + ", channels.Select(Channel));

    /// <summary>"30 s", "8 min", "2.5 min": the same shape as the guidance the domain writes.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalSeconds < 60 ? $"{span.TotalSeconds:0} s" : $"{span.TotalMinutes:0.#} min";
}
