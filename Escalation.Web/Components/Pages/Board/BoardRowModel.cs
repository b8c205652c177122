using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Engine;

namespace Escalation.Web.Components.Pages.Board;

/// <summary>
/// One open message as the board shows it: what it is, where it stands on its ladder, and what the person looking
/// may do with it. Built once per reload from the read model and the caller, so the row's markup decides nothing.
/// </summary>
public sealed record BoardRowModel(
    Guid Id,
    Tier Tier,
    string Subject,
    Guid UnitId,
    string UnitCode,
    DateTimeOffset CreatedAt,
    int CurrentLayer,
    int LayerCount,
    bool IsBroadcast,
    bool IsExhausted,
    bool IsPinned,
    bool IsDrill,
    bool ReadNotAcknowledged,
    DateTimeOffset? NextEscalationAt,
    IReadOnlyList<string> Holders,
    bool CanAcknowledge,
    bool CanEscalate,
    bool CanReassign,
    IReadOnlyList<PersonDto> ReassignTo,
    AckNotClosed? NotClosed = null)
{
    /// <summary>"Layer 2 of 4", "Layer 1" (a ladder without a known length) or "Broadcast".</summary>
    public string LayerText => IsBroadcast ? "Broadcast"
        : LayerCount > 0 ? $"Layer {CurrentLayer} of {LayerCount}"
        : $"Layer {CurrentLayer}";

    /// <summary>What an exhausted message is doing: every layer was tried, and it pages again until somebody answers.</summary>
    public string? ExhaustedText => !IsExhausted ? null
        : CurrentLayer == 0 ? "Nobody on duty on any layer: trying the roster again"
        : "Every layer tried: re-paging";

    public string HoldersText => Holders.Count == 0 ? "nobody on duty" : string.Join(", ", Holders);

    /// <summary>
    /// The row for <paramref name="caller"/>: the board shows only units the caller reads, but acting is the
    /// unit's (<see cref="MessageAccess.MayActForUnit"/>); a broadcast does not climb, so it is neither escalated
    /// nor reassigned; a reassignment needs somebody the engine would accept.
    /// </summary>
    public static BoardRowModel From(BoardItem item, Caller caller, IReadOnlyList<PersonDto> reassignable)
    {
        // Acknowledged already: nothing left to acknowledge, escalate or hand on; the row asks for somebody to close it.
        var actsForUnit = MessageAccess.MayActForUnit(caller, new UnitId(item.UnitId)) && item.NotClosed is null;
        return new BoardRowModel(
            item.Id, item.Tier, item.Subject, item.UnitId, item.UnitCode, item.CreatedAt, item.CurrentLayer, item.LayerCount, item.IsBroadcast,
            item.IsExhausted, item.IsPinned, item.IsDrill, item.ReadNotAcknowledged, item.IsBroadcast ? null : item.NextEscalationAt, item.CurrentHolders,
            CanAcknowledge: actsForUnit,
            CanEscalate: actsForUnit && !item.IsBroadcast,
            CanReassign: actsForUnit && !item.IsBroadcast && reassignable.Count > 0,
            ReassignTo: actsForUnit && !item.IsBroadcast ? reassignable : [],
            NotClosed: item.NotClosed);
    }
}
