using Escalation.Domain.Organisation;

namespace Escalation.Domain.Roster;

/// <summary>
/// A backup contact holds a role only during a daily local window (22:00-07:00 crosses midnight; equal start and end
/// means all day), and only reaches people when nobody holds the role as primary (shift, rotation or override).
/// </summary>
public sealed class BackupContact
{
    private BackupContact()
    {
        UserId = CreatedBy = string.Empty;
    }

    public BackupContact(
        ClinicalRoleId roleId,
        string userId,
        TimeOnly windowStart,
        TimeOnly windowEnd,
        DateTimeOffset effectiveFrom,
        DateTimeOffset? effectiveUntil,
        string createdBy,
        DateTimeOffset createdAt)
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            throw new DomainException("A backup contact names a person.");
        }

        if (effectiveUntil is { } until && until <= effectiveFrom)
        {
            throw new DomainException("A backup contact ends after it starts.");
        }

        Id = Guid.NewGuid();
        RoleId = roleId;
        UserId = userId;
        WindowStart = windowStart;
        WindowEnd = windowEnd;
        EffectiveFrom = effectiveFrom.ToUniversalTime();
        EffectiveUntil = effectiveUntil?.ToUniversalTime();
        CreatedBy = createdBy;
        CreatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public ClinicalRoleId RoleId { get; private set; }

    public string UserId { get; private set; }

    /// <summary>Local time in the unit's zone when the daily window opens.</summary>
    public TimeOnly WindowStart { get; private set; }

    /// <summary>Local time when it closes; at or before <see cref="WindowStart"/> it closes the next day.</summary>
    public TimeOnly WindowEnd { get; private set; }

    public DateTimeOffset EffectiveFrom { get; private set; }

    public DateTimeOffset? EffectiveUntil { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Whether the contact's window is open at <paramref name="at"/> within its effective period (whether anybody is primary is the calculator's business).</summary>
    public bool CoversInstant(TimeZoneInfo zone, DateTimeOffset at)
    {
        var instant = at.ToUniversalTime();
        return WindowsBetween(zone, instant, WallTime.NextTick(instant)).Count > 0;
    }

    /// <summary>
    /// The open windows overlapping [<paramref name="from"/>, <paramref name="to"/>), clipped to it and to the
    /// effective period, in order, with touching windows merged (an all-day contact is one interval). Each day's window
    /// runs from <see cref="WindowStart"/> to <see cref="WindowEnd"/> on the local clock, converted by
    /// <see cref="WallTime.ToInstant"/> like rotation hand-offs, so a 22:00-07:00 window is 8 or 10 hours on the
    /// nights the clocks change.
    /// </summary>
    public IReadOnlyList<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)> WindowsBetween(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var start = WallTime.Later(from.ToUniversalTime(), EffectiveFrom);
        var end = EffectiveUntil is { } until ? WallTime.Earlier(to.ToUniversalTime(), until) : to.ToUniversalTime();
        var windows = new List<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)>();
        if (start >= end)
        {
            return windows;
        }

        // A window opened the day before may still be open; a day's margin after covers clocks going back near midnight.
        var firstDay = DateOnly.FromDateTime(WallTime.ToLocal(zone, start)).AddDays(-1);
        var lastDay = DateOnly.FromDateTime(WallTime.ToLocal(zone, end)).AddDays(1);
        var closesNextDay = WindowEnd <= WindowStart;
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            var opens = WallTime.Later(WallTime.ToInstant(zone, day.ToDateTime(WindowStart)), start);
            var closes = WallTime.Earlier(WallTime.ToInstant(zone, (closesNextDay ? day.AddDays(1) : day).ToDateTime(WindowEnd)), end);
            if (opens >= closes)
            {
                continue;
            }

            if (windows.Count > 0 && windows[^1].EndsAt >= opens)
            {
                windows[^1] = (windows[^1].StartsAt, WallTime.Later(windows[^1].EndsAt, closes));
            }
            else
            {
                windows.Add((opens, closes));
            }
        }

        return windows;
    }

    public void End(DateTimeOffset at)
    {
        var end = at.ToUniversalTime();
        EffectiveUntil = end < EffectiveFrom ? EffectiveFrom : end;
    }
}
