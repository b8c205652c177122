namespace Escalation.Infrastructure.Fhir.Routing;

/// <summary>
/// One line of the administrator's routing table: results from <see cref="SourceName"/> whose performer or requester
/// is this PractitionerRole or CareTeam go to <see cref="UnitId"/>, and to <see cref="RoleId"/> when one is named.
/// </summary>
public sealed class FhirRoutingRule
{
    public const int MaxValueLength = 500;

    public static readonly IReadOnlySet<string> ResourceTypes = new HashSet<string>(StringComparer.Ordinal) { "PractitionerRole", "CareTeam" };

    private FhirRoutingRule()
    {
        SourceName = ResourceType = Value = UpdatedBy = string.Empty;
    }

    public FhirRoutingRule(string sourceName, string resourceType, FhirRoutingMatch matchBy, string value, Guid unitId, Guid? roleId, string by, DateTimeOffset now)
        : this()
    {
        Id = Guid.NewGuid();
        Change(sourceName, resourceType, matchBy, value, unitId, roleId, by, now);
    }

    public Guid Id { get; private set; }

    /// <summary>The source name of the sender's integration key, as in <c>Fhir:Sources</c>.</summary>
    public string SourceName { get; private set; }

    /// <summary><c>PractitionerRole</c> or <c>CareTeam</c>.</summary>
    public string ResourceType { get; private set; }

    public FhirRoutingMatch MatchBy { get; private set; }

    /// <summary><c>system|value</c> for an identifier, <c>PractitionerRole/123</c> for a reference.</summary>
    public string Value { get; private set; }

    public Guid UnitId { get; private set; }

    public Guid? RoleId { get; private set; }

    public string UpdatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Change(string sourceName, string resourceType, FhirRoutingMatch matchBy, string value, Guid unitId, Guid? roleId, string by, DateTimeOffset now)
    {
        SourceName = sourceName;
        ResourceType = resourceType;
        MatchBy = matchBy;
        Value = value;
        UnitId = unitId;
        RoleId = roleId;
        UpdatedBy = by;
        UpdatedAt = now;
    }

    public override string ToString() => $"{SourceName}: {ResourceType} {MatchBy.ToString().ToLowerInvariant()} {Value}";
}
