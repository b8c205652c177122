namespace Escalation.Infrastructure.Hl7v2;

/// <summary>A message that cannot be taken; its <see cref="Error"/> goes back to the sender in the ACK.</summary>
public sealed class Hl7Exception(Hl7Error error) : Exception($"{error.Location}: {error.Text}")
{
    public Hl7Error Error { get; } = error;
}
