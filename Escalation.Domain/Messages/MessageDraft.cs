using Escalation.Domain.Organisation;

namespace Escalation.Domain.Messages;

/// <summary>What somebody asked to send, before it is a message.</summary>
public sealed record MessageDraft(
    Tier Tier,
    string Subject,
    ProtectedText Body,
    ProtectedText? PatientRef,
    MessageSource Source,
    string? ExternalId,
    UnitId UnitId);
