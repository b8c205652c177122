using Escalation.Infrastructure.Notices;

namespace Escalation.Infrastructure.Compliance;

public sealed record MaintenanceView(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Description, string FallbackProcedure, bool IsAnnounced, bool IsUnderway, bool IsCancelled);

/// <summary>Schedules planned maintenance, answers "is a window announced or under way now", and sends its inbox notice once.</summary>
public sealed class Maintenance(IDbContextFactory<EscalationDbContext> contexts, NoticeBoard notices, TimeProvider clock)
{
    public async Task<Guid> ScheduleAsync(DateTimeOffset startsAt, DateTimeOffset endsAt, string description, string fallback, string actor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var window = new MaintenanceWindow(startsAt, endsAt, description, fallback, actor, now);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Add(window);
        await AuditWriter.SaveAsync(db, [new AuditRecord(now, actor, "MaintenanceScheduled", Detail: $"{window.StartsAt:u}..{window.EndsAt:u}: {window.Description}")], cancellationToken);
        return window.Id;
    }

    public async Task<bool> CancelAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await AuditWriter.SaveAsync<bool>(db, async () =>
        {
            var window = await db.Set<MaintenanceWindow>().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
            if (window is null || window.CancelledAt is not null)
            {
                return (false, []);
            }

            var now = clock.GetUtcNow();
            window.Cancel(now);
            return (true, [new AuditRecord(now, actor, "MaintenanceCancelled", Detail: $"{window.StartsAt:u}: {window.Description}")]);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<MaintenanceView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var windows = await db.Set<MaintenanceWindow>().AsNoTracking().Where(w => w.EndsAt > now.AddDays(-30)).ToListAsync(cancellationToken);
        return windows.OrderBy(w => w.StartsAt).Select(w => View(w, now)).ToList();
    }

    /// <summary>The window to warn about or work around right now, if any (the earliest).</summary>
    public async Task<MaintenanceView?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var soon = now + MaintenanceWindow.WarnBefore;
        var windows = await db.Set<MaintenanceWindow>().AsNoTracking().Where(w => w.CancelledAt == null && w.StartsAt <= soon && w.EndsAt > now).ToListAsync(cancellationToken);
        return windows.OrderBy(w => w.StartsAt).Select(w => View(w, now)).FirstOrDefault();
    }

    /// <summary>Sends every active person an inbox notice for a window now announced; once per window and person.</summary>
    public async Task<int> SendNoticesAsync(CancellationToken cancellationToken = default)
    {
        var current = await CurrentAsync(cancellationToken);
        if (current is null)
        {
            return 0;
        }

        List<string> people;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            people = await db.Users.AsNoTracking().Where(u => u.IsActive).Select(u => u.Id).ToListAsync(cancellationToken);
        }

        return await notices.SendAsync(people, "maintenance", $"Planned maintenance {current.StartsAt:yyyy-MM-dd HH:mm}-{current.EndsAt:HH:mm} UTC",
            $"{current.Description}\nMeanwhile: {current.FallbackProcedure}", "/board", $"maintenance:{current.Id}", cancellationToken);
    }

    private static MaintenanceView View(MaintenanceWindow w, DateTimeOffset now) =>
        new(w.Id, w.StartsAt, w.EndsAt, w.Description, w.FallbackProcedure, w.IsAnnounced(now), w.IsUnderway(now), w.CancelledAt is not null);
}
