namespace Escalation.Domain.Ladders;

/// <summary>One version of a ladder. Messages keep the version they started with.</summary>
public readonly record struct LadderId(Guid Value)
{
    public static LadderId New() => new(Guid.NewGuid());
    public override string ToString() => Value.ToString();
}
