namespace Escalation.Infrastructure.Ladders;

/// <summary>
/// Who a layer would reach in a unit right now: the first of its roles with somebody on duty and the people holding
/// it; or, when none of its roles is held, a gap (the engine would skip the layer).
/// </summary>
public sealed record LayerReceivers(ClinicalRoleKind? Role, string? RoleName, IReadOnlyList<string> People)
{
    public static LayerReceivers Gap { get; } = new(null, null, []);

    public bool IsGap => Role is null;
}
