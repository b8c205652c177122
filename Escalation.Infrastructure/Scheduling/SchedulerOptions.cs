namespace Escalation.Infrastructure.Scheduling;

/// <summary>Quartz settings under <c>Scheduler:</c>; the store itself always follows <c>Database:Provider</c>.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>
    /// How often a clustered node checks in. Any node fires due triggers; when a node stops checking in, the
    /// survivors recover the firings it had in progress.
    /// </summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the compliance chores check whether anything is due (weekly report, drills, retention).</summary>
    public TimeSpan ComplianceInterval { get; set; } = TimeSpan.FromMinutes(5);
}
