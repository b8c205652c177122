namespace Escalation.Domain.Organisation;

public readonly record struct ClinicalRoleId(Guid Value)
{
    public static ClinicalRoleId New() => new(Guid.NewGuid());
    public override string ToString() => Value.ToString();
}
