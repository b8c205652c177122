namespace Escalation.Infrastructure.Answering;

/// <summary>Our own states of a masked callback; after these, the call carries Twilio's status words (ringing, completed, busy).</summary>
public static class CallbackStatus
{
    public const string Requested = "requested";
    public const string Failed = "failed";
    public const string Bridging = "bridging";
    public const string Voicemail = "voicemail";
}
