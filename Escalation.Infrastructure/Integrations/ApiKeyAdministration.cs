using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Infrastructure.Integrations;

public sealed record ApiKeyView(Guid Id, string Name, string SourceName, string Prefix, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, bool Active);

/// <summary>Issues and revokes integration keys, for the API and the administrator's page alike; each change is audited.</summary>
public sealed class ApiKeyAdministration(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.ApiKeys.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(k => k.CreatedAt).Select(View).ToList();
    }

    /// <summary>Issues a key; <paramref name="secret"/> is the only time anyone sees it.</summary>
    public async Task<ApiKeyView> IssueAsync(string name, string sourceName, string actor, Action<string> secret, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var key = ApiKey.Issue(name, sourceName, actor, now, out var value);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ApiKeys.Add(key);
        AuditWriter.Append(db, [new AuditRecord(now, actor, "ApiKeyIssued", Detail: $"{key.Name} ({key.SourceName}, {key.Prefix}…)")]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        secret(value);
        return View(key);
    }

    public async Task<bool> RevokeAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        key.Revoke(actor, now);
        AuditWriter.Append(db, [new AuditRecord(now, actor, "ApiKeyRevoked", Detail: $"{key.Name} ({key.Prefix}…)")]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static ApiKeyView View(ApiKey k) => new(k.Id, k.Name, k.SourceName, k.Prefix, k.CreatedBy, k.CreatedAt, k.RevokedAt, k.IsActive);
}
