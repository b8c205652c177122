namespace Escalation.Domain.Organisation;

public readonly record struct UnitId(Guid Value)
{
    public static UnitId New() => new(Guid.NewGuid());
    public override string ToString() => Value.ToString();
}
