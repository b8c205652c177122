namespace Escalation.Infrastructure.Telephony;

/// <summary>Turns a call's status, who answered and the key pressed into what it means for the message.</summary>
public static class CallClassifier
{
    /// <summary>
    /// Busy, no-answer, failed and canceled calls, and calls answered by a machine or a fax, did not reach the
    /// clinician. A call answered by a person (or without machine detection) counts by its key: 1 acknowledges,
    /// 2 escalates now; no key or another key on a finished call is not reached. A call still under way with no key
    /// yet is <see cref="CallOutcome.Pending"/>: the Gather's action or the completed callback will follow.
    /// </summary>
    public static CallOutcome Classify(TwilioCallState status, TwilioAnsweredBy answeredBy, string? digits = null)
    {
        switch (status)
        {
            case TwilioCallState.Busy or TwilioCallState.NoAnswer or TwilioCallState.Failed or TwilioCallState.Canceled:
                return CallOutcome.NotReached;
            case TwilioCallState.Queued or TwilioCallState.Initiated or TwilioCallState.Ringing:
                return CallOutcome.Pending;
            case TwilioCallState.Unknown:
                return CallOutcome.NotReached;
        }

        if (answeredBy is TwilioAnsweredBy.MachineStart or TwilioAnsweredBy.MachineEndBeep
            or TwilioAnsweredBy.MachineEndSilence or TwilioAnsweredBy.MachineEndOther or TwilioAnsweredBy.Fax)
        {
            return CallOutcome.NotReached;
        }

        return digits?.Trim() switch
        {
            "1" => CallOutcome.Acknowledge,
            "2" => CallOutcome.EscalateNow,
            null or "" when status == TwilioCallState.InProgress => CallOutcome.Pending,
            _ => CallOutcome.NotReached,
        };
    }

    /// <summary>The same, from the raw webhook strings (<c>CallStatus</c>, <c>AnsweredBy</c>, <c>Digits</c>).</summary>
    public static CallOutcome Classify(string? status, string? answeredBy, string? digits = null) =>
        Classify(TwilioCallStatus.ParseState(status), TwilioCallStatus.ParseAnsweredBy(answeredBy), digits);
}
