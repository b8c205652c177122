namespace Escalation.Infrastructure.Compliance;

/// <summary>
/// A recurring drill: through one unit and ladder, every few months (quarterly by default). The compliance job runs
/// it when due and moves the next run on by whole periods, so a node that was down does not run a backlog of drills.
/// </summary>
public sealed class DrillSchedule
{
    public const int DefaultEveryMonths = 3;

    private DrillSchedule()
    {
        UpdatedBy = string.Empty;
    }

    public DrillSchedule(Guid unitId, Guid ladderFamilyId, int everyMonths, DateTimeOffset nextRunAt, string by, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        UpdatedBy = by;
        Change(unitId, ladderFamilyId, everyMonths, nextRunAt, true, by, now);
    }

    public Guid Id { get; private set; }

    public Guid UnitId { get; private set; }

    public Guid LadderFamilyId { get; private set; }

    public int EveryMonths { get; private set; }

    public DateTimeOffset NextRunAt { get; private set; }

    public bool IsEnabled { get; private set; }

    public DateTimeOffset? LastRunAt { get; private set; }

    public Guid? LastMessageId { get; private set; }

    public string UpdatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency: two nodes cannot both take the same due run.</summary>
    public int Revision { get; private set; }

    public void Change(Guid unitId, Guid ladderFamilyId, int everyMonths, DateTimeOffset nextRunAt, bool enabled, string by, DateTimeOffset now)
    {
        if (everyMonths is < 1 or > 24)
        {
            throw new ArgumentOutOfRangeException(nameof(everyMonths), "A drill runs every 1 to 24 months.");
        }

        UnitId = unitId;
        LadderFamilyId = ladderFamilyId;
        EveryMonths = everyMonths;
        NextRunAt = nextRunAt.ToUniversalTime();
        IsEnabled = enabled;
        UpdatedBy = by;
        UpdatedAt = now;
        Revision++;
    }

    public bool IsDue(DateTimeOffset now) => IsEnabled && NextRunAt <= now;

    /// <summary>Takes the due run: the next one is the first whole period after now.</summary>
    public void Take(DateTimeOffset now)
    {
        var next = NextRunAt;
        while (next <= now)
        {
            next = next.AddMonths(EveryMonths);
        }

        LastRunAt = now;
        NextRunAt = next;
        Revision++;
    }

    public void Ran(Guid messageId) => LastMessageId = messageId;
}
