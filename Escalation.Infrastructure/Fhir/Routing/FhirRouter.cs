using Escalation.Infrastructure.Engine;

namespace Escalation.Infrastructure.Fhir.Routing;

/// <summary>
/// Reads, once per payload, what <see cref="FhirRouting"/> needs for one source: its routing rules and its fallback
/// unit (<c>Fhir:Sources</c> DefaultUnitCode, else <c>Fhir:DefaultUnitCode</c>). A fallback unit that does not exist
/// is refused before any result is judged, as is a rule whose unit or role has gone (it is skipped and logged).
/// </summary>
public sealed class FhirRouter(IDbContextFactory<EscalationDbContext> contexts, FhirIntakeOptions options, ILogger<FhirRouter> logger)
{
    public Task<FhirRouting> ForSourceAsync(string? sourceName, CancellationToken cancellationToken = default) =>
        ForSourceAsync(sourceName, options.Source(sourceName), cancellationToken);

    /// <summary>For a source configured elsewhere than <c>Fhir:Sources</c> (an HL7 v2 listener): its rules, and its own default unit.</summary>
    public async Task<FhirRouting> ForSourceAsync(string? sourceName, FhirSourceOptions? source, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var fallback = await FallbackAsync(db, source, cancellationToken);
        if (string.IsNullOrWhiteSpace(sourceName))
        {
            return new FhirRouting([], source?.BaseUrl, fallback);
        }

        var name = sourceName.Trim();
        var rules = (await db.Set<FhirRoutingRule>().AsNoTracking().ToListAsync(cancellationToken))
            .Where(r => string.Equals(r.SourceName, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (rules.Count > 0)
        {
            var units = await db.Units.AsNoTracking().Select(u => u.Id).ToListAsync(cancellationToken);
            var roles = await db.ClinicalRoles.AsNoTracking().Select(r => new { r.Id, r.UnitId }).ToListAsync(cancellationToken);
            var unitIds = units.Select(u => u.Value).ToHashSet();
            var roleUnits = roles.ToDictionary(r => r.Id.Value, r => r.UnitId.Value);
            var stale = rules.Where(r => !unitIds.Contains(r.UnitId) || (r.RoleId is { } role && (!roleUnits.TryGetValue(role, out var unit) || unit != r.UnitId))).ToList();
            foreach (var rule in stale)
            {
                logger.LogWarning("FHIR routing rule {Rule} ({Id}) names a unit or role that no longer exists; it is skipped", rule, rule.Id);
            }

            rules = rules.Except(stale).ToList();
        }

        return new FhirRouting(rules, source?.BaseUrl, fallback);
    }

    private async Task<LabResultRoute> FallbackAsync(EscalationDbContext db, FhirSourceOptions? source, CancellationToken cancellationToken)
    {
        if (source?.DefaultUnitCode is { Length: > 0 } sourceCode)
        {
            var unit = await UnitAsync(db, sourceCode, cancellationToken);
            return unit is { } id
                ? new LabResultRoute(id, null, $"default unit {sourceCode.Trim().ToUpperInvariant()} of source '{source.Name}'")
                : throw new EngineException("unknown-unit", $"The default unit '{sourceCode}' of FHIR source '{source.Name}' does not exist; fix Fhir:Sources.");
        }

        var code = options.DefaultUnitCode;
        return await UnitAsync(db, code, cancellationToken) is { } siteDefault
            ? new LabResultRoute(siteDefault, null, $"default unit {code.Trim().ToUpperInvariant()} (Fhir:DefaultUnitCode)")
            : throw new EngineException("unknown-unit", $"The FHIR default unit '{code.Trim().ToUpperInvariant()}' does not exist; set Fhir:DefaultUnitCode.");
    }

    private static async Task<Guid?> UnitAsync(EscalationDbContext db, string code, CancellationToken cancellationToken)
    {
        var normalized = code.Trim().ToUpperInvariant();
        return await db.Units.AsNoTracking().Where(u => u.Code == normalized).Select(u => (Guid?)u.Id.Value).FirstOrDefaultAsync(cancellationToken);
    }
}
