namespace Escalation.Infrastructure.Telephony;

/// <summary>What an inbound text asks for, by Twilio's opt-out keywords.</summary>
public enum SmsKeyword
{
    /// <summary>Any other text: not a keyword.</summary>
    None,

    /// <summary>STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT (and REVOKE, OPTOUT): no more texts to this number.</summary>
    OptOut,

    /// <summary>START, YES, UNSTOP: texts may resume.</summary>
    OptIn,

    /// <summary>HELP, INFO.</summary>
    Help,
}
