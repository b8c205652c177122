namespace Escalation.Infrastructure.Notices;

/// <summary>
/// A system notice in one person's inbox (a stale schedule source, the daily roster-gap digest, a maintenance
/// window): information, not a clinical message, so it never escalates. <see cref="DedupeKey"/> makes sending
/// idempotent: the same notice for the same person is stored once, whichever node or retry sends it.
/// </summary>
public sealed class Notice
{
    private Notice()
    {
        UserId = Kind = Title = Body = DedupeKey = string.Empty;
    }

    public Notice(string userId, string kind, string title, string body, string? link, string dedupeKey, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        UserId = userId;
        Kind = kind;
        Title = title.Length > 200 ? title[..200] : title;
        Body = body;
        Link = link;
        DedupeKey = dedupeKey;
        CreatedAt = now.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public string UserId { get; private set; }

    public string Kind { get; private set; }

    public string Title { get; private set; }

    public string Body { get; private set; }

    public string? Link { get; private set; }

    public string DedupeKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now.ToUniversalTime();
}
