using Escalation.Domain.Common;

namespace Escalation.Infrastructure.Fhir.Routing;

/// <summary>
/// A routing rule as an administrator writes it: the source, then either a literal <see cref="Reference"/>
/// (<c>PractitionerRole/123</c>) or an identifier (<see cref="ResourceType"/>, <see cref="IdentifierSystem"/>,
/// <see cref="IdentifierValue"/>), and the unit with an optional clinical role of that unit.
/// </summary>
public sealed record FhirRoutingRuleRequest(
    string? SourceName,
    string? ResourceType,
    [Text(FhirRoutingRule.MaxValueLength)] string? Reference,
    [Text(FhirRoutingRule.MaxValueLength)] string? IdentifierSystem,
    [Text(FhirRoutingRule.MaxValueLength)] string? IdentifierValue,
    Guid? UnitId,
    Guid? RoleId);
