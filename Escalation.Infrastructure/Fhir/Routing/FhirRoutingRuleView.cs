namespace Escalation.Infrastructure.Fhir.Routing;

/// <summary>A routing rule with the names of its unit and role, for the administrator.</summary>
public sealed record FhirRoutingRuleView(
    Guid Id,
    string SourceName,
    string ResourceType,
    FhirRoutingMatch MatchBy,
    string Value,
    Guid UnitId,
    string UnitCode,
    Guid? RoleId,
    string? RoleName,
    string UpdatedBy,
    DateTimeOffset UpdatedAt);
