using Escalation.Domain.Ladders;

namespace Escalation.Infrastructure.Ladders;

/// <summary>
/// The practice-guide warnings (<see cref="Ladder.Guidance"/>) placed on the layer they are about, so the editor can
/// show each one on its step. A warning belongs to the first layer whose arrival makes it true: the first-timeout
/// warning to layer 1, the "reaches Layer 3 after ..." warning to layer 3. Found by asking the domain's rules about
/// the ladder cut after each layer, so a rule added there lands on the right step without a change here.
/// </summary>
public static class LadderGuidance
{
    /// <summary>For each layer, the warnings of every tier in <paramref name="tiers"/> that first hold once that layer is reached.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> PerLayer(IEnumerable<Tier> tiers, IReadOnlyList<Layer> layers)
    {
        var distinct = tiers.Distinct().ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<IReadOnlyList<string>>(layers.Count);
        for (var count = 1; count <= layers.Count; count++)
        {
            var prefix = layers.Take(count).ToList();
            var here = distinct.SelectMany(t => Ladder.Guidance(t, prefix)).Where(seen.Add).ToList();
            result.Add(here);
        }

        return result;
    }
}
