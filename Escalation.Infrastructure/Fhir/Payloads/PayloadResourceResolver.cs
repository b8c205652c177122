using Hl7.Fhir.Model;

namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>
/// Resolves references within one payload, following FHIR's rules: "#id" in the contained resources of the referring
/// resource (or of its container); "urn:uuid:..." and absolute URLs against Bundle.entry.fullUrl; relative "Type/id"
/// (a "_history/n" suffix ignored) against entry resources and fullUrls ending in "/Type/id".
/// </summary>
public sealed class PayloadResourceResolver : IFhirResourceResolver
{
    private readonly List<Resource> _topLevel = [];
    private readonly Dictionary<string, Resource> _byFullUrl = new(StringComparer.Ordinal);
    private readonly IFhirResourceResolver? _fallback;

    public PayloadResourceResolver(Resource payload, IFhirResourceResolver? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        _fallback = fallback;
        _topLevel.Add(payload);
        if (payload is Bundle bundle)
        {
            foreach (var entry in bundle.Entry)
            {
                if (entry?.Resource is not { } resource)
                {
                    continue;
                }

                _topLevel.Add(resource);
                if (entry.FullUrl is { Length: > 0 } fullUrl)
                {
                    _byFullUrl.TryAdd(fullUrl, resource);
                }
            }
        }
    }

    public Resource? Resolve(string reference, Resource? context = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        return ResolveHere(reference.Trim(), context) ?? _fallback?.Resolve(reference, context);
    }

    private Resource? ResolveHere(string reference, Resource? context)
    {
        if (reference.StartsWith('#'))
        {
            var id = reference[1..];
            var holders = context is null ? _topLevel : _topLevel.Prepend(context);
            return holders.OfType<DomainResource>().SelectMany(h => h.Contained).FirstOrDefault(c => c.Id == id);
        }

        if (_byFullUrl.TryGetValue(reference, out var byUrl))
        {
            return byUrl;
        }

        if (reference.Contains("://", StringComparison.Ordinal) || reference.StartsWith("urn:", StringComparison.Ordinal))
        {
            return null;
        }

        var relative = WithoutHistory(reference);
        var parts = relative.Split('/');
        if (parts.Length != 2)
        {
            return null;
        }

        return _topLevel.FirstOrDefault(r => r.TypeName == parts[0] && r.Id == parts[1])
            ?? _byFullUrl.FirstOrDefault(kv => kv.Key.EndsWith("/" + relative, StringComparison.Ordinal)).Value;
    }

    private static string WithoutHistory(string reference)
    {
        var at = reference.IndexOf("/_history/", StringComparison.Ordinal);
        return at < 0 ? reference : reference[..at];
    }

    /// <summary>Every resource of the payload (the payload itself and each entry's resource), for "included resources".</summary>
    public IReadOnlyList<Resource> Resources => _topLevel;
}
