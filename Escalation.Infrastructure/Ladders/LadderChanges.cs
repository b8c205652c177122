namespace Escalation.Infrastructure.Ladders;

/// <summary>One version of a ladder with what it changed against the version before it.</summary>
public sealed record LadderVersionView(LadderView Version, string Changes);

/// <summary>What a ladder version changed against the one before it, layer by layer, in the words of the editor.</summary>
public static class LadderChanges
{
    public static string Between(LadderView version, LadderView? previous)
    {
        if (previous is null)
        {
            return string.Join("; ", version.Layers.Select((l, i) => $"L{i + 1} {LadderWords.Roles(l.Roles)} {Minutes(l.TimeoutSeconds)}"));
        }

        var changes = new List<string>();
        for (var i = 0; i < Math.Max(version.Layers.Count, previous.Layers.Count); i++)
        {
            var now = i < version.Layers.Count ? version.Layers[i] : null;
            var before = i < previous.Layers.Count ? previous.Layers[i] : null;
            if (now is null)
            {
                changes.Add($"L{i + 1} removed");
            }
            else if (before is null)
            {
                changes.Add($"L{i + 1} added ({LadderWords.Roles(now.Roles)}, {Minutes(now.TimeoutSeconds)})");
            }
            else
            {
                if (!now.Roles.SequenceEqual(before.Roles))
                {
                    changes.Add($"L{i + 1} roles {LadderWords.Roles(before.Roles)} → {LadderWords.Roles(now.Roles)}");
                }

                if (now.TimeoutSeconds != before.TimeoutSeconds)
                {
                    changes.Add($"L{i + 1} timeout {Minutes(before.TimeoutSeconds)} → {Minutes(now.TimeoutSeconds)}");
                }

                if (!now.Channels.SequenceEqual(before.Channels))
                {
                    changes.Add($"L{i + 1} channels {LadderWords.ChannelList(before.Channels)} → {LadderWords.ChannelList(now.Channels)}");
                }
            }
        }

        if (version.Name != previous.Name)
        {
            changes.Add($"renamed from '{previous.Name}'");
        }

        return changes.Count == 0 ? "no change to the layers" : string.Join("; ", changes);
    }

    /// <summary>Every version, newest first, each with its change line against the one before it.</summary>
    public static IReadOnlyList<LadderVersionView> Of(IReadOnlyList<LadderView> newestFirst) =>
        newestFirst.Select((v, i) => new LadderVersionView(v, Between(v, i + 1 < newestFirst.Count ? newestFirst[i + 1] : null))).ToList();

    private static string Minutes(int seconds) => LadderWords.Duration(TimeSpan.FromSeconds(seconds));
}
