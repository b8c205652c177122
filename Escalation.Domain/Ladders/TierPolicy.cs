using Escalation.Domain.Common;
using Escalation.Domain.Messages;

namespace Escalation.Domain.Ladders;

/// <summary>How messages of one tier behave: whether they climb, which ladder, whether an explicit ACK is required.</summary>
public sealed class TierPolicy
{
    private TierPolicy()
    {
        UpdatedBy = string.Empty;
    }

    public TierPolicy(Tier tier, bool escalates, Guid ladderFamilyId, bool requiresAck, string updatedBy, DateTimeOffset now)
    {
        Tier = tier;
        UpdatedBy = updatedBy;
        Apply(escalates, ladderFamilyId, requiresAck, now);
    }

    public Tier Tier { get; private set; }

    public bool Escalates { get; private set; }

    public Guid LadderFamilyId { get; private set; }

    public bool RequiresAck { get; private set; }

    public string UpdatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Update(bool escalates, Guid ladderFamilyId, bool requiresAck, string updatedBy, DateTimeOffset now)
    {
        UpdatedBy = updatedBy;
        Apply(escalates, ladderFamilyId, requiresAck, now);
    }

    private void Apply(bool escalates, Guid ladderFamilyId, bool requiresAck, DateTimeOffset now)
    {
        // A Critical message that nobody must acknowledge, or that never climbs, is a message that can sit unread.
        if (Tier == Tier.Critical && (!escalates || !requiresAck))
        {
            throw new DomainException("Critical messages always escalate and always require an explicit acknowledgment.");
        }

        if (ladderFamilyId == Guid.Empty)
        {
            throw new DomainException("A tier policy names a ladder.");
        }

        Escalates = escalates;
        LadderFamilyId = ladderFamilyId;
        RequiresAck = requiresAck;
        UpdatedAt = now;
    }
}
