namespace Escalation.Infrastructure.Compliance;

/// <summary>
/// Planned downtime: from 30 minutes before <see cref="StartsAt"/> everyone signed in sees a banner and gets an inbox
/// notice; until <see cref="EndsAt"/> the board shows the site's fallback procedure (phones, the whiteboard).
/// </summary>
public sealed class MaintenanceWindow
{
    public static readonly TimeSpan WarnBefore = TimeSpan.FromMinutes(30);

    private MaintenanceWindow()
    {
        Description = FallbackProcedure = CreatedBy = string.Empty;
    }

    public MaintenanceWindow(DateTimeOffset startsAt, DateTimeOffset endsAt, string description, string fallbackProcedure, string createdBy, DateTimeOffset now)
    {
        if (endsAt <= startsAt)
        {
            throw new ArgumentException("A maintenance window ends after it starts.");
        }

        if (endsAt <= now)
        {
            throw new ArgumentException("A maintenance window must end in the future.");
        }

        if (string.IsNullOrWhiteSpace(description) || description.Length > 500 || string.IsNullOrWhiteSpace(fallbackProcedure) || fallbackProcedure.Length > 4000)
        {
            throw new ArgumentException("Describe the work (up to 500 characters) and the fallback procedure staff follow meanwhile (up to 4,000).");
        }

        Id = Guid.NewGuid();
        StartsAt = startsAt.ToUniversalTime();
        EndsAt = endsAt.ToUniversalTime();
        Description = description.Trim();
        FallbackProcedure = fallbackProcedure.Trim();
        CreatedBy = createdBy;
        CreatedAt = now.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public string Description { get; private set; }

    /// <summary>What staff do while the system is down, shown on the board during the window.</summary>
    public string FallbackProcedure { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public bool IsAnnounced(DateTimeOffset now) => CancelledAt is null && now >= StartsAt - WarnBefore && now < EndsAt;

    public bool IsUnderway(DateTimeOffset now) => CancelledAt is null && now >= StartsAt && now < EndsAt;

    public void Cancel(DateTimeOffset now) => CancelledAt ??= now.ToUniversalTime();
}
