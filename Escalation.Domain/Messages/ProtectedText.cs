namespace Escalation.Domain.Messages;

/// <summary>
/// Patient information as it is stored: already encrypted by the infrastructure. The domain carries it and never
/// reads it, so no plaintext patient data reaches the database or a log through the aggregate.
/// </summary>
public readonly record struct ProtectedText(string Ciphertext)
{
    public override string ToString() => "[protected]";
}
