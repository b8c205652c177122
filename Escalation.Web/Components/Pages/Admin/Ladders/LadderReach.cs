using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Ladders;

namespace Escalation.Web.Components.Pages.Admin.LadderEditing;

/// <summary>When each layer of a ladder is reached, counted from sending: the sum of the timeouts before it.</summary>
public static class LadderReach
{
    /// <summary>The offset from sending at which each layer starts, and (last) when the final layer runs out.</summary>
    public static IReadOnlyList<TimeSpan> Offsets(IReadOnlyList<LadderStep> steps)
    {
        var offsets = new List<TimeSpan>(steps.Count + 1) { TimeSpan.Zero };
        foreach (var step in steps)
        {
            offsets.Add(offsets[^1] + step.Timeout);
        }

        return offsets;
    }

    /// <summary>"at sending" or "at 8 min".</summary>
    public static string At(TimeSpan offset) => offset == TimeSpan.Zero ? "at sending" : $"at {LadderWords.Duration(offset)}";

    /// <summary>
    /// The ladder in one sentence: "Reaches the primary nurse at sending, the charge nurse at 3 min, ... ;
    /// unacknowledged after 20 min it has climbed to the top." Each layer is named by its first role.
    /// </summary>
    public static string Sentence(IReadOnlyList<LadderStep> steps)
    {
        if (steps.Count == 0)
        {
            return "No layers.";
        }

        var offsets = Offsets(steps);
        var reaches = steps.Select((s, i) => $"the {Lower(s.Roles.Count == 0 ? "nobody" : s.Roles[0].Words())} {At(offsets[i])}");
        return $"Reaches {string.Join(", ", reaches)}; the last layer runs out {At(offsets[^1])} without an acknowledgment.";
    }

    private static string Lower(string role) => role.Length == 0 ? role : char.ToLowerInvariant(role[0]) + role[1..];
}
