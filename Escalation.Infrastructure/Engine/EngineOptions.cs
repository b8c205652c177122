namespace Escalation.Infrastructure.Engine;

/// <summary>Engine settings under <c>Engine:</c>.</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>How often an exhausted message re-pages its last layer until somebody acknowledges it.</summary>
    public TimeSpan RepageInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the due-step job looks for due deadlines: the bound on a step's lateness when all is well.</summary>
    public TimeSpan DueStepInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Most due steps taken in one transaction; more are taken in further batches of the same run.</summary>
    public int DueStepBatchSize { get; set; } = 200;

    /// <summary>How late a step may be before the auditor fires it itself (the due-step job did not take it).</summary>
    public TimeSpan AuditorGrace { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan AuditorInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest batch the auditor takes per pass, so one pass never holds the database for long.</summary>
    public int AuditorBatchSize { get; set; } = 500;
}
