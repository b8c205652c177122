namespace Escalation.Infrastructure.Fhir.Routing;

/// <summary>How a routing rule recognises a PractitionerRole or CareTeam.</summary>
public enum FhirRoutingMatch
{
    /// <summary>By one of its identifiers, written <c>system|value</c> (the referenced resource's, or the reference's own).</summary>
    Identifier,

    /// <summary>By its literal reference at the source, <c>PractitionerRole/123</c>.</summary>
    Reference,
}
