namespace Escalation.Infrastructure.Notices;

public sealed record NoticeView(Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>Sends system notices to people's inboxes, at most once per person and dedupe key, and lists them.</summary>
public sealed class NoticeBoard(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    /// <summary>Sends to every active administrator; returns how many notices were new.</summary>
    public Task<int> SendToAdministratorsAsync(string kind, string title, string body, string? link, string dedupeKey, CancellationToken cancellationToken = default) =>
        SendToRoleAsync(PersonaRole.Administrator, kind, title, body, link, dedupeKey, cancellationToken);

    /// <summary>Sends to every active person with the persona role; returns how many notices were new.</summary>
    public async Task<int> SendToRoleAsync(string personaRole, string kind, string title, string body, string? link, string dedupeKey, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = await (from user in db.Users
                            join userRole in db.UserRoles on user.Id equals userRole.UserId
                            join role in db.Roles on userRole.RoleId equals role.Id
                            where role.Name == personaRole && user.IsActive
                            select user.Id).ToListAsync(cancellationToken);
        return await SendAsync(people, kind, title, body, link, dedupeKey, cancellationToken);
    }

    public async Task<int> SendAsync(IReadOnlyList<string> userIds, string kind, string title, string body, string? link, string dedupeKey, CancellationToken cancellationToken = default)
    {
        var sent = 0;
        foreach (var userId in userIds.Distinct())
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await db.Notices.AnyAsync(n => n.UserId == userId && n.DedupeKey == dedupeKey, cancellationToken))
            {
                continue;
            }

            db.Notices.Add(new Notice(userId, kind, title, body, link, dedupeKey, clock.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                sent++;
            }
            catch (DbUpdateException)
            {
                // Another node sent the same notice a moment ago: the unique (person, key) index kept it single.
            }
        }

        return sent;
    }

    public async Task<IReadOnlyList<NoticeView>> ForAsync(string userId, int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Notices.AsNoTracking().Where(n => n.UserId == userId).ToListAsync(cancellationToken);
        return rows.OrderByDescending(n => n.CreatedAt).Take(take).Select(n => new NoticeView(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt)).ToList();
    }

    public async Task<bool> MarkReadAsync(string userId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var notice = await db.Notices.SingleOrDefaultAsync(n => n.Id == id && n.UserId == userId, cancellationToken);
        if (notice is null)
        {
            return false;
        }

        notice.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
