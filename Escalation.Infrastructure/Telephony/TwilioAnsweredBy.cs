namespace Escalation.Infrastructure.Telephony;

/// <summary>Twilio's <c>AnsweredBy</c> (answering machine detection). <see cref="NotDetected"/>: the field was absent.</summary>
public enum TwilioAnsweredBy
{
    NotDetected,
    Human,
    MachineStart,
    MachineEndBeep,
    MachineEndSilence,
    MachineEndOther,
    Fax,
    Unknown,
}
