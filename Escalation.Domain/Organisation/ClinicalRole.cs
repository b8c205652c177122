namespace Escalation.Domain.Organisation;

/// <summary>A role within a unit that a ladder layer addresses; the duty roster says who holds it at any instant.</summary>
public sealed class ClinicalRole
{
    private ClinicalRole()
    {
        Name = string.Empty;
    }

    internal ClinicalRole(UnitId unitId, ClinicalRoleKind kind, string name)
    {
        Id = ClinicalRoleId.New();
        UnitId = unitId;
        Kind = kind;
        Name = name;
    }

    public ClinicalRoleId Id { get; private set; }

    public UnitId UnitId { get; private set; }

    public ClinicalRoleKind Kind { get; private set; }

    public string Name { get; private set; }
}
