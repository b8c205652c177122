namespace Escalation.Domain.Organisation;

/// <summary>A clinical unit (Emergency, Medical Ward, ...): the place messages are routed for and rosters are kept for.</summary>
public sealed class Unit
{
    private readonly List<ClinicalRole> _roles = [];

    private Unit()
    {
        Code = Name = TimeZoneId = string.Empty;
    }

    public Unit(string code, string name, string timeZoneId)
    {
        Id = UnitId.New();
        Code = Require(code, nameof(code), 32).ToUpperInvariant();
        Name = Require(name, nameof(name), 200);
        TimeZoneId = Require(timeZoneId, nameof(timeZoneId), 64);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out _))
        {
            throw new DomainException($"Unknown time zone '{TimeZoneId}'.");
        }
    }

    public UnitId Id { get; private set; }

    /// <summary>Short code staff use on the floor and in imports ("ED", "MED").</summary>
    public string Code { get; private set; }

    public string Name { get; private set; }

    /// <summary>IANA zone: shift hand-offs and "after hours" are local to the unit.</summary>
    public string TimeZoneId { get; private set; }

    /// <summary>The unit's zone: the one place its id becomes a <see cref="TimeZoneInfo"/> (checked when the unit was made).</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public IReadOnlyList<ClinicalRole> Roles => _roles;

    public ClinicalRole AddRole(ClinicalRoleKind kind, string name)
    {
        var trimmed = Require(name, nameof(name), 200);
        if (_roles.Any(r => string.Equals(r.Name, trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException($"Unit {Code} already has a role named '{trimmed}'.");
        }

        var role = new ClinicalRole(Id, kind, trimmed);
        _roles.Add(role);
        return role;
    }

    /// <summary>The roles a standard ladder climbs, in ladder order.</summary>
    public void AddStandardRoles()
    {
        AddRole(ClinicalRoleKind.PrimaryNurse, "Primary nurse");
        AddRole(ClinicalRoleKind.ChargeNurse, "Charge nurse");
        AddRole(ClinicalRoleKind.Attending, "Attending physician");
        AddRole(ClinicalRoleKind.OnCallPhysician, "On-call physician");
        AddRole(ClinicalRoleKind.DepartmentHead, "Department head");
    }

    private static string Require(string value, string name, int maxLength)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new DomainException($"{name} is required.");
        }

        if (trimmed.Length > maxLength)
        {
            throw new DomainException($"{name} is longer than {maxLength} characters.");
        }

        return trimmed;
    }
}
