namespace Escalation.Infrastructure.Answering;

/// <summary>An answering service's caller details as the API receives them (plaintext; the engine encrypts them).</summary>
public sealed record AnsweringCall(string CallerName, string CallbackNumber, string? Reason, Tier TriageTier)
{
    public override string ToString() => $"AnsweringCall {{ TriageTier = {TriageTier}, caller details [protected] }}";
}
