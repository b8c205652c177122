using Escalation.Infrastructure.RosterSync.Parsing;

namespace Escalation.Infrastructure.RosterSync;

/// <summary>How a source's files reach us.</summary>
public enum ScheduleTransport
{
    /// <summary>An administrator uploads each export in the browser (or POSTs it to the API).</summary>
    Upload,

    /// <summary>Pulled on a schedule from an HTTP(S) address (a published iCal feed, a CSV export link).</summary>
    Url,

    /// <summary>Pulled on a schedule from the newest matching file in a folder the scheduling system writes to.</summary>
    Folder,
}

/// <summary>
/// A scheduling system we import duty rosters from: its format, how its files arrive, the unit its rows belong
/// to unless they name one, and how its names map to our roles and people. It also remembers when the source
/// last changed and when we last confirmed we match it, which is what sync lag and staleness are measured from.
/// </summary>
public sealed class ScheduleSource
{
    private ScheduleSource()
    {
        Name = CreatedBy = MappingsJson = string.Empty;
    }

    public ScheduleSource(
        string name, UnitId defaultUnitId, ScheduleFormat format, ScheduleTransport transport, string? location, string createdBy, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Name = name;
        DefaultUnitId = defaultUnitId;
        Format = format;
        Transport = transport;
        Location = location;
        CreatedBy = createdBy;
        CreatedAt = now.ToUniversalTime();
        MappingsJson = ScheduleMappings.Empty.ToJson();
        PullIntervalMinutes = 15;
        StaleAfterMinutes = 30;
        DayGridHandoff = new TimeOnly(7, 0);
        IsEnabled = true;
    }

    public Guid Id { get; private set; }

    public string Name { get; set; }

    public UnitId DefaultUnitId { get; set; }

    public ScheduleFormat Format { get; set; }

    public ScheduleTransport Transport { get; set; }

    /// <summary>The URL, or the folder (optionally ending in a file pattern such as <c>/srv/exports/*.ics</c>).</summary>
    public string? Location { get; set; }

    public int PullIntervalMinutes { get; set; }

    /// <summary>A source we have not confirmed for longer than this is stale: a banner and an administrator notice.</summary>
    public int StaleAfterMinutes { get; set; }

    /// <summary>When a day-grid cell's (or an all-day event's) duty starts and ends, local to the unit.</summary>
    public TimeOnly DayGridHandoff { get; set; }

    public bool IsEnabled { get; set; }

    /// <summary>The source's names for roles and people mapped to ours (<see cref="ScheduleMappings"/>).</summary>
    public string MappingsJson { get; set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When we last fetched (or were given) the source's file, whatever came of it.</summary>
    public DateTimeOffset? LastCheckedAt { get; set; }

    /// <summary>When we last confirmed our roster matches the source (an applied or unchanged import).</summary>
    public DateTimeOffset? LastSyncedAt { get; set; }

    /// <summary>When the source says it last changed (export time, LAST-MODIFIED/DTSTAMP, or file time).</summary>
    public DateTimeOffset? LastSourceChangedAt { get; set; }

    /// <summary>SHA-256 of the last file applied: a pull that finds the same file changes nothing.</summary>
    public string? LastContentHash { get; set; }

    public string? LastError { get; set; }

    /// <summary>The start of the current stale episode we already told administrators about (one notice each).</summary>
    public DateTimeOffset? StaleNoticeFor { get; set; }

    public ScheduleMappings Mappings
    {
        get => ScheduleMappings.FromJson(MappingsJson);
        set => MappingsJson = value.ToJson();
    }

    public bool IsStale(DateTimeOffset now) =>
        IsEnabled && Transport != ScheduleTransport.Upload && now - (LastSyncedAt ?? CreatedAt) > TimeSpan.FromMinutes(StaleAfterMinutes);
}
