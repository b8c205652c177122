namespace Escalation.Infrastructure.Scheduling;

/// <summary>Quartz settings under <c>Scheduler:</c>; the store itself always follows <c>Database:Provider</c>.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>Off only for tools that must not touch triggers (schema printing, audit verification).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often a clustered node checks in; a node silent for longer than a few check-ins loses its triggers to the others.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(10);
}
