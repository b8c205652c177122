namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// Resolves references within one payload, following FHIR's rules: "#id" in the contained resources of the referring
/// resource (or of its container); "urn:uuid:..." and absolute URLs against Bundle.entry.fullUrl; relative "Type/id"
/// (a "_history/n" suffix ignored) against entry resources and fullUrls ending in "/Type/id".
/// </summary>
public sealed class PayloadResourceResolver : IFhirResourceResolver
{
    private readonly List<FhirResource> _topLevel = [];
    private readonly Dictionary<string, FhirResource> _byFullUrl = new(StringComparer.Ordinal);
    private readonly IFhirResourceResolver? _fallback;

    public PayloadResourceResolver(FhirResource payload, IFhirResourceResolver? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        _fallback = fallback;
        _topLevel.Add(payload);
        if (payload.ResourceType == "Bundle")
        {
            foreach (var entry in FhirJson.Array(payload.Json, "entry"))
            {
                if (FhirJson.Object(entry, "resource") is not { } json || FhirJson.String(json, "resourceType") is null)
                {
                    continue;
                }

                var resource = new FhirResource(json);
                _topLevel.Add(resource);
                if (FhirJson.String(entry, "fullUrl") is { Length: > 0 } fullUrl)
                {
                    _byFullUrl.TryAdd(fullUrl, resource);
                }
            }
        }
    }

    public FhirResource? Resolve(string reference, FhirResource? context = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        return ResolveHere(reference.Trim(), context) ?? _fallback?.Resolve(reference, context);
    }

    private FhirResource? ResolveHere(string reference, FhirResource? context)
    {
        if (reference.StartsWith('#'))
        {
            var id = reference[1..];
            var holders = context is null ? _topLevel : _topLevel.Prepend(context);
            return holders.SelectMany(h => h.Contained).FirstOrDefault(c => c.Id == id);
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

        return _topLevel.FirstOrDefault(r => r.ResourceType == parts[0] && r.Id == parts[1])
            ?? _byFullUrl.FirstOrDefault(kv => kv.Key.EndsWith("/" + relative, StringComparison.Ordinal)).Value;
    }

    private static string WithoutHistory(string reference)
    {
        var at = reference.IndexOf("/_history/", StringComparison.Ordinal);
        return at < 0 ? reference : reference[..at];
    }

    /// <summary>Every resource of the payload (the payload itself and each entry's resource), for "included resources".</summary>
    public IReadOnlyList<FhirResource> Resources => _topLevel;
}
