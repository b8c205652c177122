namespace Escalation.Domain.Messages;

/// <summary>
/// How long an acknowledged message may stay unclosed: after <see cref="RemindAfter"/> the acknowledger is reminded
/// once; after <see cref="BoardAfter"/> (both from the acknowledgment) it shows on the charge nurse's board.
/// </summary>
public sealed record AckWindows(TimeSpan RemindAfter, TimeSpan BoardAfter)
{
    /// <summary>Longest window the tiers page accepts: a message acknowledged and left for a day is long forgotten.</summary>
    public const int MaxMinutes = 24 * 60;

    /// <summary>The defaults: Critical reminded at 30 min, Urgent at 2 h; each on the board after twice that.</summary>
    public static AckWindows? DefaultFor(Tier tier) => tier switch
    {
        Tier.Critical => new AckWindows(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60)),
        Tier.Urgent => new AckWindows(TimeSpan.FromHours(2), TimeSpan.FromHours(4)),
        _ => null,
    };

    /// <summary>Throws a <see cref="DomainException"/> that says what is wrong; nothing is changed before it passes.</summary>
    public static void Check(Tier tier, int reminderMinutes, int boardMinutes)
    {
        if (tier == Tier.Routine)
        {
            throw new DomainException("Routine messages are not reminded: only Critical and Urgent have acknowledgment windows.");
        }

        if (reminderMinutes <= 0 || boardMinutes <= 0)
        {
            throw new DomainException("Both acknowledgment windows must be positive (whole minutes).");
        }

        if (reminderMinutes > MaxMinutes || boardMinutes > MaxMinutes)
        {
            throw new DomainException($"An acknowledgment window is at most {MaxMinutes} minutes (a day).");
        }

        if (boardMinutes <= reminderMinutes)
        {
            throw new DomainException("The board window must end after the reminder window: the reminder comes first.");
        }
    }
}

/// <summary>What one look at an acknowledged, unclosed message did.</summary>
[Flags]
public enum ForgottenAckOutcome
{
    None = 0,
    Reminded = 1,
    FlaggedOnBoard = 2,
}
