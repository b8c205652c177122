namespace Escalation.Infrastructure.Engine;

/// <summary>What one message's due deadline did, as a batch took it.</summary>
public sealed record DueStep(MessageId MessageId, DeadlineOutcome Outcome);
