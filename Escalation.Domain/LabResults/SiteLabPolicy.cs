namespace Escalation.Domain.LabResults;

/// <summary>
/// The site's detection policy (one row, fixed id 1) and the revision of the whole rule set. Every change to the
/// policy or to any limit raises <see cref="Revision"/> in the same transaction, so each node can tell with one
/// read whether its cached rules are still the database's; it is also the concurrency token that orders two
/// administrators saving at once.
/// </summary>
public sealed class SiteLabPolicy
{
    public const int SingletonId = 1;

    private SiteLabPolicy()
    {
    }

    public int Id { get; private set; } = SingletonId;

    public FlagPrecedence Precedence { get; private set; }

    public bool UrgentForAbnormal { get; private set; }

    public long Revision { get; private set; }

    public string? UpdatedBy { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    public LabDetectionPolicy ToPolicy() => new(Precedence, UrgentForAbnormal);

    public void Change(FlagPrecedence precedence, bool urgentForAbnormal, string actor, DateTimeOffset now)
    {
        if (!Enum.IsDefined(precedence))
        {
            throw new Common.DomainException($"{precedence} is not a precedence.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        Precedence = precedence;
        UrgentForAbnormal = urgentForAbnormal;
        UpdatedBy = actor;
        UpdatedAt = now;
        Touch();
    }

    /// <summary>Marks the rule set as changed: a limit was added, edited, removed or reset.</summary>
    public void Touch() => Revision++;
}
