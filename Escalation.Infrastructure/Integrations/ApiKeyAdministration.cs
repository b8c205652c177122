using Escalation.Domain.Common;

namespace Escalation.Infrastructure.Integrations;

public sealed record ApiKeyView(Guid Id, string Name, string SourceName, string Prefix, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, bool Active, KeyBinding Binding);

/// <summary>What a binding can name: the schedule sources and units of the site, for the keys page's pickers.</summary>
public sealed record BindingChoices(IReadOnlyList<(Guid Id, string Name)> ScheduleSources, IReadOnlyList<(Guid Id, string Code, string Name)> Practices);

/// <summary>
/// Issues, binds and revokes integration keys, for the API and the administrator's page alike; each change is
/// audited. A binding names what the key may feed (docs/decisions/019); it is checked here, once, for both callers.
/// </summary>
public sealed class ApiKeyAdministration(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.ApiKeys.AsNoTracking().Include(k => k.Bindings).ToListAsync(cancellationToken)).OrderBy(k => k.CreatedAt).Select(View).ToList();
    }

    public async Task<BindingChoices> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sources = await db.ScheduleSources.AsNoTracking().Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.Code, u.Name }).ToListAsync(cancellationToken);
        return new BindingChoices(
            sources.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(s => (s.Id, s.Name)).ToList(),
            units.OrderBy(u => u.Code, StringComparer.Ordinal).Select(u => (u.Id.Value, u.Code, u.Name)).ToList());
    }

    /// <summary>Issues a key bound to nothing; <paramref name="secret"/> is the only time anyone sees it.</summary>
    public async Task<ApiKeyView> IssueAsync(string name, string sourceName, string actor, Action<string> secret, CancellationToken cancellationToken = default) =>
        (await IssueAsync(name, sourceName, KeyBinding.None, actor, secret, cancellationToken)).View!;

    /// <summary>
    /// Issues a key with its binding; <paramref name="secret"/> is the only time anyone sees it. A binding naming a
    /// schedule source or unit that does not exist is refused (<c>invalid</c>) and nothing is issued.
    /// </summary>
    public async Task<(ApiKeyView? View, Result Outcome)> IssueAsync(string name, string sourceName, KeyBinding binding, string actor, Action<string> secret, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        binding = binding.Normalized();
        if (await CheckAsync(db, binding, cancellationToken) is { } refused)
        {
            return (null, refused);
        }

        var now = clock.GetUtcNow();
        var key = ApiKey.Issue(name, sourceName, actor, now, out var value);
        key.Bind(binding);
        db.ApiKeys.Add(key);
        await AuditWriter.SaveAsync(db, [new AuditRecord(now, actor, "ApiKeyIssued", Detail: $"{key.Name} ({key.SourceName}, {key.Prefix}…); feeds {await DescribeAsync(db, binding, cancellationToken)}")], cancellationToken);
        secret(value);
        return (View(key), Result.Ok);
    }

    /// <summary>
    /// (Not named BindAsync: minimal APIs would take this singleton for a parameter binder.)
    /// Replaces what a key may feed, audited with the binding before and after (<c>ApiKeyBindingChanged</c>). Refused:
    /// <c>not-found</c> for an unknown key, <c>revoked</c> for a revoked one, <c>invalid</c> for a target that does not exist.
    /// </summary>
    public async Task<(ApiKeyView? View, Result Outcome)> SetBindingAsync(Guid id, KeyBinding binding, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        binding = binding.Normalized();
        var (key, outcome) = await AuditWriter.SaveAsync<(ApiKey? Key, Result Outcome)>(db, async () =>
        {
            var key = await db.ApiKeys.Include(k => k.Bindings).SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
            if (key is null)
            {
                return ((null, Result.Fail("not-found", "No such key.")), []);
            }

            if (!key.IsActive)
            {
                return ((null, Result.Fail("revoked", "A revoked key feeds nothing: issue a new one.")), []);
            }

            if (await CheckAsync(db, binding, cancellationToken) is { } refused)
            {
                return ((null, refused), []);
            }

            var before = key.Binding;
            if (before.SameAs(binding))
            {
                return ((key, Result.Ok), []);
            }

            key.Bind(binding);
            return ((key, Result.Ok), [new AuditRecord(clock.GetUtcNow(), actor, "ApiKeyBindingChanged",
                Detail: $"{key.Name} ({key.Prefix}…): feeds {await DescribeAsync(db, binding, cancellationToken)}; before: {await DescribeAsync(db, before, cancellationToken)}")]);
        }, cancellationToken);
        return (key is null ? null : View(key), outcome);
    }

    public async Task<bool> RevokeAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await AuditWriter.SaveAsync<bool>(db, async () =>
        {
            var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
            if (key is null)
            {
                return (false, []);
            }

            var now = clock.GetUtcNow();
            key.Revoke(actor, now);
            return (true, [new AuditRecord(now, actor, "ApiKeyRevoked", Detail: $"{key.Name} ({key.Prefix}…)")]);
        }, cancellationToken);
    }

    private static async Task<Result?> CheckAsync(EscalationDbContext db, KeyBinding binding, CancellationToken cancellationToken)
    {
        if (binding.FhirSource is { Length: > KeyBinding.MaxFhirSourceLength })
        {
            return Result.Fail("invalid", $"A FHIR source name is at most {KeyBinding.MaxFhirSourceLength} characters.");
        }

        var sources = binding.ScheduleSources.ToList();
        var knownSources = await db.ScheduleSources.AsNoTracking().Where(s => sources.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        if (sources.Except(knownSources).FirstOrDefault() is var unknownSource && unknownSource != Guid.Empty)
        {
            return Result.Fail("invalid", $"No schedule source {unknownSource}.");
        }

        // A site has a handful of units: read them all rather than ask the provider to match typed ids in a list.
        var knownUnits = (await db.Units.AsNoTracking().Select(u => u.Id).ToListAsync(cancellationToken)).Select(u => u.Value).ToHashSet();
        if (binding.Practices.FirstOrDefault(p => !knownUnits.Contains(p)) is var unknownUnit && unknownUnit != Guid.Empty)
        {
            return Result.Fail("invalid", $"No practice (unit) {unknownUnit}.");
        }

        return null;
    }

    /// <summary>The binding in words, with names rather than ids, for the audit trail a person reads.</summary>
    private static async Task<string> DescribeAsync(EscalationDbContext db, KeyBinding binding, CancellationToken cancellationToken)
    {
        if (binding.IsEmpty)
        {
            return "nothing";
        }

        var sources = binding.ScheduleSources.ToList();
        var sourceNames = await db.ScheduleSources.AsNoTracking().Where(s => sources.Contains(s.Id)).Select(s => s.Name).ToListAsync(cancellationToken);
        var unitCodes = (await db.Units.AsNoTracking().Select(u => new { u.Id, u.Code }).ToListAsync(cancellationToken))
            .Where(u => binding.Practices.Contains(u.Id.Value)).Select(u => u.Code).ToList();
        var parts = new List<string>();
        if (sourceNames.Count > 0)
        {
            parts.Add($"schedule sources {string.Join(", ", sourceNames.Order(StringComparer.Ordinal).Select(n => $"'{n}'"))}");
        }

        if (binding.FhirSource is { } fhir)
        {
            parts.Add($"FHIR source '{fhir}'");
        }

        if (unitCodes.Count > 0)
        {
            parts.Add($"practices {string.Join(", ", unitCodes.Order(StringComparer.Ordinal))}");
        }

        return string.Join("; ", parts);
    }

    private static ApiKeyView View(ApiKey k) => new(k.Id, k.Name, k.SourceName, k.Prefix, k.CreatedBy, k.CreatedAt, k.RevokedAt, k.IsActive, k.Binding);
}
