using Escalation.Domain.Messages;

namespace Escalation.Domain.Ladders;

/// <summary>
/// How messages of one tier behave: whether they climb, which ladder, whether an explicit ACK is required, and for
/// Critical and Urgent the two forgotten-acknowledgment windows (a reminder, then the board).
/// </summary>
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
        if (Messages.AckWindows.DefaultFor(tier) is { } windows)
        {
            AckReminderMinutes = (int)windows.RemindAfter.TotalMinutes;
            AckBoardMinutes = (int)windows.BoardAfter.TotalMinutes;
        }
    }

    public Tier Tier { get; private set; }

    public bool Escalates { get; private set; }

    public Guid LadderFamilyId { get; private set; }

    public bool RequiresAck { get; private set; }

    /// <summary>Minutes after an acknowledgment with no close before the acknowledger is reminded; null for Routine.</summary>
    public int? AckReminderMinutes { get; private set; }

    /// <summary>Minutes after the acknowledgment before a still-open message shows on the board; after the reminder.</summary>
    public int? AckBoardMinutes { get; private set; }

    /// <summary>The forgotten-acknowledgment windows, or null when the tier has none (Routine).</summary>
    public AckWindows? AckWindows => AckReminderMinutes is { } reminder && AckBoardMinutes is { } board
        ? new AckWindows(TimeSpan.FromMinutes(reminder), TimeSpan.FromMinutes(board))
        : null;

    public string UpdatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Update(bool escalates, Guid ladderFamilyId, bool requiresAck, string updatedBy, DateTimeOffset now)
    {
        UpdatedBy = updatedBy;
        Apply(escalates, ladderFamilyId, requiresAck, now);
    }

    /// <summary>
    /// Sets the forgotten-acknowledgment windows, checked whole before anything changes: both positive, at most a
    /// day, the board's after the reminder's; only Critical and Urgent have them.
    /// </summary>
    public void SetAckWindows(int reminderMinutes, int boardMinutes, string updatedBy, DateTimeOffset now)
    {
        Messages.AckWindows.Check(Tier, reminderMinutes, boardMinutes);
        AckReminderMinutes = reminderMinutes;
        AckBoardMinutes = boardMinutes;
        UpdatedBy = updatedBy;
        UpdatedAt = now;
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
