namespace Escalation.Infrastructure.Fhir.Routing;

/// <summary>Where one lab result's message goes: a unit, a clinical role in it when a rule names one, and why.</summary>
public sealed record LabResultRoute(Guid UnitId, Guid? RoleId, string Reason);
