using Escalation.Domain.LabResults;
using Escalation.Infrastructure.Fhir.Payloads;
using Hl7.Fhir.Model;

namespace Escalation.Infrastructure.Fhir.Routing;

/// <summary>
/// Routes each lab result of one payload from one source (docs/decisions/012): the first of its performers, then of
/// its requesters, that a routing rule recognises decides the unit and role; otherwise the source's default unit, then
/// the site's. Performers are Observation.performer, then the report's performer and resultsInterpreter; requesters
/// are the <c>requester</c> of the ServiceRequests in the result's, then the report's, <c>basedOn</c>, when the payload
/// holds them. Only PractitionerRole and CareTeam references count.
/// </summary>
public sealed class FhirRouting
{
    private readonly IReadOnlyList<FhirRoutingRule> _rules;
    private readonly Uri? _sourceBase;
    private readonly LabResultRoute _fallback;

    /// <param name="rules">the source's rules (any others are ignored)</param>
    /// <param name="sourceBase">the source's FHIR base: absolute references under it are compared as relative ones</param>
    /// <param name="fallback">the source's default unit, else the site's</param>
    public FhirRouting(IReadOnlyList<FhirRoutingRule> rules, Uri? sourceBase, LabResultRoute fallback)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(fallback);
        _rules = rules;
        _sourceBase = sourceBase;
        _fallback = fallback;
    }

    /// <param name="observation">the result as judged</param>
    /// <param name="origin">the resource it came in: itself, or the DiagnosticReport holding it</param>
    /// <param name="resolver">the payload's resolver (with whatever was fetched from the source)</param>
    public LabResultRoute Route(LabObservation observation, Resource origin, IFhirResourceResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return Route(Candidates(observation, origin, resolver, _sourceBase));
    }

    /// <summary>The route of the first candidate a rule recognises, in the order given; otherwise the fallback.</summary>
    public LabResultRoute Route(IEnumerable<FhirRoutingCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        foreach (var candidate in candidates)
        {
            var rule = _rules.FirstOrDefault(r => r.ResourceType == candidate.ResourceType && (r.MatchBy == FhirRoutingMatch.Reference
                ? candidate.Reference is { } reference && string.Equals(r.Value, reference, StringComparison.Ordinal)
                : candidate.Identifiers.Contains(r.Value, StringComparer.Ordinal)));
            if (rule is not null)
            {
                return new LabResultRoute(rule.UnitId, rule.RoleId, $"{candidate} (routing rule {rule.MatchBy.ToString().ToLowerInvariant()} {rule.Value})");
            }
        }

        return _fallback;
    }

    /// <summary>The performers, then the requesters, of a result, in routing order.</summary>
    public static IReadOnlyList<FhirRoutingCandidate> Candidates(LabObservation observation, Resource origin, IFhirResourceResolver resolver, Uri? sourceBase = null)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(resolver);
        var report = origin as DiagnosticReport;
        var result = report is null ? origin : FindResult(report, observation, resolver);
        var candidates = new List<FhirRoutingCandidate>();
        if (result is not null)
        {
            candidates.AddRange(References(result, "performer", FhirRoutingCandidate.Performer, resolver, sourceBase, report));
        }

        if (report is not null)
        {
            candidates.AddRange(References(report, "performer", FhirRoutingCandidate.Performer, resolver, sourceBase));
            candidates.AddRange(References(report, "resultsInterpreter", FhirRoutingCandidate.Performer, resolver, sourceBase));
        }

        foreach (var holder in new Resource?[] { result, report }.OfType<Resource>())
        {
            var basedOns = holder switch { Observation o => o.BasedOn, DiagnosticReport r => r.BasedOn, _ => [] };
            foreach (var basedOn in basedOns.Select(b => b.Reference).OfType<string>())
            {
                if (Resolve(basedOn, resolver, holder, report) is ServiceRequest { Requester: { } requester } order)
                {
                    candidates.AddRange(Candidate(requester, FhirRoutingCandidate.Requester, resolver, sourceBase, order, holder, report));
                }
            }
        }

        return candidates;
    }

    /// <summary>
    /// A literal reference as routing rules store it: without a version, relative when it is under the source's base
    /// (<c>https://ehr.example/fhir/PractitionerRole/1/_history/2</c> is <c>PractitionerRole/1</c>); null for a
    /// contained (<c>#x</c>) or <c>urn:</c> reference, which means nothing outside its payload.
    /// </summary>
    public static string? NormalizeReference(string? reference, Uri? sourceBase = null)
    {
        var value = reference?.Trim();
        if (string.IsNullOrEmpty(value) || value.StartsWith('#') || value.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var history = value.IndexOf("/_history/", StringComparison.Ordinal);
        if (history >= 0)
        {
            value = value[..history];
        }

        value = value.TrimEnd('/');
        if (sourceBase is not null)
        {
            var root = sourceBase.AbsoluteUri.TrimEnd('/') + "/";
            if (value.StartsWith(root, StringComparison.OrdinalIgnoreCase))
            {
                value = value[root.Length..];
            }
        }

        return value.Length == 0 ? null : value;
    }

    /// <summary>The resource type a literal reference names: <c>CareTeam</c> for <c>CareTeam/7</c> or <c>https://x/fhir/CareTeam/7</c>.</summary>
    public static string? TypeOf(string? reference)
    {
        var parts = reference?.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: >= 2 } && parts[^2].Length > 0 && char.IsUpper(parts[^2][0]) ? parts[^2] : null;
    }

    private static Resource? FindResult(DiagnosticReport report, LabObservation observation, IFhirResourceResolver resolver) =>
        DiagnosticReportReader.ResultReferences(report)
            .Select(r => resolver.Resolve(r, report))
            .FirstOrDefault(r => r is Observation && r.Id == observation.Id && r.Meta?.VersionId == observation.VersionId);

    private static IEnumerable<FhirRoutingCandidate> References(Resource holder, string element, string role, IFhirResourceResolver resolver, Uri? sourceBase, Resource? container = null)
    {
        List<ResourceReference> references = (holder, element) switch
        {
            (Observation o, "performer") => o.Performer,
            (DiagnosticReport r, "performer") => r.Performer,
            (DiagnosticReport r, "resultsInterpreter") => r.ResultsInterpreter,
            _ => [],
        };
        return references.SelectMany(reference => Candidate(reference, role, resolver, sourceBase, holder, container));
    }

    private static IEnumerable<FhirRoutingCandidate> Candidate(ResourceReference reference, string role, IFhirResourceResolver resolver, Uri? sourceBase, params Resource?[] contexts)
    {
        var literal = reference.Reference;
        var resolved = literal is null ? null : Resolve(literal, resolver, contexts);
        var normalized = NormalizeReference(literal, sourceBase);
        var type = resolved?.TypeName ?? reference.Type ?? TypeOf(normalized);
        if (type is null || !FhirRoutingRule.ResourceTypes.Contains(type))
        {
            yield break;
        }

        var identifiers = new List<string>();
        if (reference.Identifier is { } own && Identifier(own) is { } ownText)
        {
            identifiers.Add(ownText);
        }

        if (resolved is not null)
        {
            identifiers.AddRange(IdentifiersOf(resolved).Select(Identifier).OfType<string>());
        }

        yield return new FhirRoutingCandidate(role, type, normalized, identifiers);
    }

    private static IEnumerable<Identifier> IdentifiersOf(Resource resource) => resource switch
    {
        PractitionerRole role => role.Identifier,
        CareTeam team => team.Identifier,
        _ => [],
    };

    private static Resource? Resolve(string reference, IFhirResourceResolver resolver, params Resource?[] contexts)
    {
        foreach (var context in contexts)
        {
            if (context is not null && resolver.Resolve(reference, context) is { } found)
            {
                return found;
            }
        }

        return resolver.Resolve(reference);
    }

    private static string? Identifier(Identifier identifier) =>
        identifier.System is { Length: > 0 } system && identifier.Value is { Length: > 0 } value
            ? $"{system}|{value}"
            : null;
}
