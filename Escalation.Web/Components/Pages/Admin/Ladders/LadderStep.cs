using Escalation.Domain.Ladders;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Ladders;

namespace Escalation.Web.Components.Pages.Admin.LadderEditing;

/// <summary>
/// One layer as the ladder drawing shows it: its fallback roles, how long it waits, how it reaches people, who it
/// would reach right now (null when the drawing is not about a unit) and the guidance that sits on it.
/// </summary>
public sealed record LadderStep(
    IReadOnlyList<ClinicalRoleKind> Roles,
    TimeSpan Timeout,
    Channels Channels,
    LayerReceivers? Receivers = null,
    IReadOnlyList<string>? Guidance = null)
{
    public static LadderStep From(LayerView layer, LayerReceivers? receivers = null, IReadOnlyList<string>? guidance = null) =>
        new(layer.Roles, TimeSpan.FromSeconds(layer.TimeoutSeconds), layer.ToLayer().Channels, receivers, guidance);

    /// <summary>The ladder a tier climbs, with that tier's guidance on its steps (the tiers page; nobody's roster).</summary>
    public static IReadOnlyList<LadderStep> ForTier(Tier tier, LadderView ladder)
    {
        var guidance = LadderGuidance.PerLayer([tier], ladder.Layers.Select(l => l.ToLayer()).ToList());
        return ladder.Layers.Select((l, i) => From(l, null, guidance[i])).ToList();
    }
}

/// <summary>A request to move the layer at <paramref name="From"/> so that it becomes layer <paramref name="To"/> (zero-based).</summary>
public readonly record struct LadderMove(int From, int To);
