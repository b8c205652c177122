namespace Escalation.Infrastructure.Integrations;

/// <summary>What an integration key can be bound to feed (docs/decisions/019).</summary>
public enum FeedKind
{
    /// <summary>A schedule source it may push files to (<c>POST /api/roster/sources/{id}/import</c>); target: the source id.</summary>
    ScheduleSource,

    /// <summary>The FHIR source it speaks for on <c>/fhir</c>; target: the source name of <c>Fhir:Sources</c>.</summary>
    FhirSource,

    /// <summary>A practice (unit) it may send messages and answering-service calls to; target: the unit id.</summary>
    Practice,
}
