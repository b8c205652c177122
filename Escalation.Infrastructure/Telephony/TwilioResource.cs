namespace Escalation.Infrastructure.Telephony;

/// <summary>What Twilio answered on creating a message or a call: its SID (SM… or CA…) and first status.</summary>
public sealed record TwilioResource(string Sid, string Status);
