namespace Escalation.Infrastructure.RosterSync;

/// <summary>Configuration section <c>Roster</c>.</summary>
public sealed class RosterSyncOptions
{
    public const string Section = "Roster";

    /// <summary>How often the sync job wakes to pull due sources, check staleness and send the digest.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far ahead gaps are looked for.</summary>
    public int GapHorizonHours { get; set; } = 72;

    /// <summary>Local time (organisation's zone) after which the daily gap digest goes to administrators.</summary>
    public TimeOnly DigestAt { get; set; } = new(7, 0);

    /// <summary>Longest wait for a URL source to answer.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
