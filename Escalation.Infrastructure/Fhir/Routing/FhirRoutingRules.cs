using Escalation.Infrastructure.Engine;

namespace Escalation.Infrastructure.Fhir.Routing;

/// <summary>
/// The administrator's FHIR routing table: list, add, change and remove rules. Every change is validated before
/// anything is written (an <see cref="EngineException"/> otherwise: <c>invalid</c>, <c>unknown-unit</c>,
/// <c>unknown-role</c>, <c>role-not-in-unit</c>, <c>duplicate-rule</c>) and audited in the same transaction.
/// </summary>
public sealed class FhirRoutingRules(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<FhirRoutingRuleView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rules = await db.Set<FhirRoutingRule>().AsNoTracking().ToListAsync(cancellationToken);
        var names = await NamesAsync(db, cancellationToken);
        return rules.OrderBy(r => r.SourceName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.ResourceType, StringComparer.Ordinal).ThenBy(r => r.Value, StringComparer.Ordinal)
            .Select(r => View(r, names)).ToList();
    }

    public async Task<FhirRoutingRuleView> AddAsync(FhirRoutingRuleRequest request, string actor, CancellationToken cancellationToken = default)
    {
        var (source, type, matchBy, value) = Parse(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (unitId, roleId) = await TargetAsync(db, request, cancellationToken);
        await RefuseDuplicateAsync(db, null, source, type, matchBy, value, cancellationToken);
        var now = clock.GetUtcNow();
        var rule = new FhirRoutingRule(source, type, matchBy, value, unitId, roleId, actor, now);
        db.Set<FhirRoutingRule>().Add(rule);
        var names = await NamesAsync(db, cancellationToken);
        AuditWriter.Append(db, [new AuditRecord(now, actor, "FhirRoutingRuleAdded", Detail: $"{rule} → {Describe(rule, names)}")]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return View(rule, names);
    }

    /// <summary>Replaces a rule's match and target; null when there is no such rule.</summary>
    public async Task<FhirRoutingRuleView?> ChangeAsync(Guid id, FhirRoutingRuleRequest request, string actor, CancellationToken cancellationToken = default)
    {
        var (source, type, matchBy, value) = Parse(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rule = await db.Set<FhirRoutingRule>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return null;
        }

        var (unitId, roleId) = await TargetAsync(db, request, cancellationToken);
        await RefuseDuplicateAsync(db, id, source, type, matchBy, value, cancellationToken);
        var names = await NamesAsync(db, cancellationToken);
        var before = $"{rule} → {Describe(rule, names)}";
        var now = clock.GetUtcNow();
        rule.Change(source, type, matchBy, value, unitId, roleId, actor, now);
        AuditWriter.Append(db, [new AuditRecord(now, actor, "FhirRoutingRuleChanged", Detail: $"{before}; now {rule} → {Describe(rule, names)}")]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return View(rule, names);
    }

    public async Task<bool> RemoveAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rule = await db.Set<FhirRoutingRule>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return false;
        }

        var names = await NamesAsync(db, cancellationToken);
        db.Set<FhirRoutingRule>().Remove(rule);
        AuditWriter.Append(db, [new AuditRecord(clock.GetUtcNow(), actor, "FhirRoutingRuleRemoved", Detail: $"{rule} → {Describe(rule, names)}")]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The rule's source, type, kind of match and stored value, or an <c>invalid</c> refusal naming the field.</summary>
    public static (string Source, string Type, FhirRoutingMatch MatchBy, string Value) Parse(FhirRoutingRuleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = request.SourceName?.Trim();
        if (string.IsNullOrEmpty(source) || source.Length > 100)
        {
            throw Invalid("sourceName: the source name of the sender's integration key is required (at most 100 characters).");
        }

        var byReference = !string.IsNullOrWhiteSpace(request.Reference);
        var byIdentifier = !string.IsNullOrWhiteSpace(request.IdentifierSystem) || !string.IsNullOrWhiteSpace(request.IdentifierValue);
        if (byReference == byIdentifier)
        {
            throw Invalid("Give either reference (\"PractitionerRole/123\") or identifierSystem and identifierValue, not both and not neither.");
        }

        string type;
        string value;
        if (byReference)
        {
            value = FhirRouting.NormalizeReference(request.Reference) ?? throw Invalid("reference: a contained (#) or urn: reference means nothing outside its payload; use the identifier.");
            type = FhirRouting.TypeOf(value) ?? throw Invalid($"reference: '{value}' is not a reference such as PractitionerRole/123.");
            if (request.ResourceType is { Length: > 0 } given && given.Trim() != type)
            {
                throw Invalid($"resourceType: the reference names a {type}, not a {given.Trim()}.");
            }
        }
        else
        {
            type = request.ResourceType?.Trim() ?? "";
            var system = request.IdentifierSystem?.Trim();
            var identifier = request.IdentifierValue?.Trim();
            if (string.IsNullOrEmpty(system) || string.IsNullOrEmpty(identifier) || system.Contains('|', StringComparison.Ordinal))
            {
                throw Invalid("identifierSystem and identifierValue are both required (the system without '|').");
            }

            value = $"{system}|{identifier}";
        }

        if (!FhirRoutingRule.ResourceTypes.Contains(type))
        {
            throw Invalid($"resourceType: rules recognise a PractitionerRole or a CareTeam, not '{type}'.");
        }

        if (value.Length > FhirRoutingRule.MaxValueLength)
        {
            throw Invalid($"The reference or identifier is longer than {FhirRoutingRule.MaxValueLength} characters.");
        }

        return (source, type, byReference ? FhirRoutingMatch.Reference : FhirRoutingMatch.Identifier, value);
    }

    private static async Task<(Guid Unit, Guid? Role)> TargetAsync(EscalationDbContext db, FhirRoutingRuleRequest request, CancellationToken cancellationToken)
    {
        if (request.UnitId is not { } unitId)
        {
            throw Invalid("unitId is required.");
        }

        if (!await db.Units.AnyAsync(u => u.Id == new UnitId(unitId), cancellationToken))
        {
            throw new EngineException("unknown-unit", $"No unit {unitId}.");
        }

        if (request.RoleId is { } roleId)
        {
            var role = await db.ClinicalRoles.AsNoTracking().SingleOrDefaultAsync(r => r.Id == new ClinicalRoleId(roleId), cancellationToken)
                ?? throw new EngineException("unknown-role", $"No clinical role {roleId}.");
            if (role.UnitId.Value != unitId)
            {
                throw new EngineException("role-not-in-unit", "The role belongs to another unit.");
            }
        }

        return (unitId, request.RoleId);
    }

    private static async Task RefuseDuplicateAsync(EscalationDbContext db, Guid? self, string source, string type, FhirRoutingMatch matchBy, string value, CancellationToken cancellationToken)
    {
        var same = (await db.Set<FhirRoutingRule>().AsNoTracking().Where(r => r.ResourceType == type && r.MatchBy == matchBy && r.Value == value).ToListAsync(cancellationToken))
            .FirstOrDefault(r => r.Id != self && string.Equals(r.SourceName, source, StringComparison.OrdinalIgnoreCase));
        if (same is not null)
        {
            throw new EngineException("duplicate-rule", $"A rule for {same} exists already ({same.Id}): change that one.");
        }
    }

    private static async Task<(Dictionary<Guid, string> Units, Dictionary<Guid, string> Roles)> NamesAsync(EscalationDbContext db, CancellationToken cancellationToken)
    {
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.Code }).ToListAsync(cancellationToken);
        var roles = await db.ClinicalRoles.AsNoTracking().Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken);
        return (units.ToDictionary(u => u.Id.Value, u => u.Code), roles.ToDictionary(r => r.Id.Value, r => r.Name));
    }

    private static string Describe(FhirRoutingRule rule, (Dictionary<Guid, string> Units, Dictionary<Guid, string> Roles) names) =>
        names.Units.GetValueOrDefault(rule.UnitId, rule.UnitId.ToString()) + (rule.RoleId is { } role ? $" / {names.Roles.GetValueOrDefault(role, role.ToString())}" : "");

    private static FhirRoutingRuleView View(FhirRoutingRule rule, (Dictionary<Guid, string> Units, Dictionary<Guid, string> Roles) names) =>
        new(rule.Id, rule.SourceName, rule.ResourceType, rule.MatchBy, rule.Value, rule.UnitId, names.Units.GetValueOrDefault(rule.UnitId, "?"),
            rule.RoleId, rule.RoleId is { } role ? names.Roles.GetValueOrDefault(role) : null, rule.UpdatedBy, rule.UpdatedAt);

    private static EngineException Invalid(string message) => new("invalid", message);
}
