namespace Escalation.Infrastructure.Fhir.Routing;

/// <summary>
/// A PractitionerRole or CareTeam that performed or requested a result, as the routing table can recognise it: its
/// literal reference at the source (null when contained or given by identifier only) and its identifiers
/// (<c>system|value</c>), from the reference itself and from the resource when the payload holds it.
/// </summary>
public sealed record FhirRoutingCandidate(string Role, string ResourceType, string? Reference, IReadOnlyList<string> Identifiers)
{
    public const string Performer = "performer";
    public const string Requester = "requester";

    public override string ToString() => $"{Role} {Reference ?? (Identifiers.Count > 0 ? $"{ResourceType} {Identifiers[0]}" : ResourceType)}";
}
