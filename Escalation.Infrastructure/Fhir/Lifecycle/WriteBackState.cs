namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>Where a Communication is on its way to the source's FHIR server.</summary>
public enum WriteBackState
{
    /// <summary>The source has no FHIR base: the Communication is only readable at GET /fhir/Communication.</summary>
    NotConfigured,

    /// <summary>Waiting for its next POST attempt.</summary>
    Pending,

    Delivered,

    /// <summary>Given up: a refusal (4xx), or the last allowed attempt failed. Administrators were told.</summary>
    Failed,
}
