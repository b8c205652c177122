namespace Escalation.Infrastructure.RosterSync;

/// <summary>What came of one import.</summary>
public enum ImportOutcome
{
    /// <summary>Shifts were added or removed.</summary>
    Applied,

    /// <summary>The file matched what we already had: nothing changed.</summary>
    Unchanged,

    /// <summary>At least one row was rejected, so nothing was applied.</summary>
    Rejected,

    /// <summary>The file could not be fetched.</summary>
    Failed,
}

/// <summary>One import of a source's file: the history sync lag is computed from, and what the import page lists.</summary>
public sealed class ScheduleImport
{
    private ScheduleImport()
    {
        By = ContentHash = string.Empty;
    }

    public ScheduleImport(Guid sourceId, DateTimeOffset at, string by, string? fileName, string contentHash, DateTimeOffset? sourceChangedAt)
    {
        Id = Guid.NewGuid();
        SourceId = sourceId;
        At = at.ToUniversalTime();
        By = by;
        FileName = fileName;
        ContentHash = contentHash;
        SourceChangedAt = sourceChangedAt?.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public Guid SourceId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string By { get; private set; }

    public string? FileName { get; private set; }

    public string ContentHash { get; private set; }

    public DateTimeOffset? SourceChangedAt { get; private set; }

    public ImportOutcome Outcome { get; set; }

    public int Rows { get; set; }

    public int Added { get; set; }

    public int Removed { get; set; }

    public int RejectedRows { get; set; }

    /// <summary>The rejected rows ("line 7: ..."), one per line, capped so a garbage file cannot bloat the table.</summary>
    public string? Errors { get; set; }

    /// <summary>How long after the source changed we applied it; null when the source gave no change time.</summary>
    public TimeSpan? Lag => Outcome == ImportOutcome.Applied && SourceChangedAt is { } changed ? At - changed : null;
}
