namespace Escalation.Infrastructure.Telephony;

/// <summary>What a page call means for the message: the clinician acknowledged, asked to escalate, or was not reached.</summary>
public enum CallOutcome
{
    /// <summary>The call is still going (queued, ringing, answered but no key pressed yet): wait for the next callback.</summary>
    Pending,
    Acknowledge,
    EscalateNow,
    NotReached,
}
