namespace Escalation.Infrastructure.Hl7v2;

/// <summary>What the listener sends back for one frame: the ACK text, its code (AA, AE, AR) and how many messages it created.</summary>
public sealed record Hl7Reply(string Ack, string Code, int MessagesCreated);
