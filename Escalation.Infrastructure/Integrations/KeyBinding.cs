namespace Escalation.Infrastructure.Integrations;

/// <summary>
/// Everything one key may feed: schedule sources, at most one FHIR source, and practices (units). A key bound to
/// nothing feeds nothing (docs/decisions/019). One FHIR source only, because a FHIR payload does not say who sent it:
/// the key does, and its results are recorded, routed and written back as that source's.
/// </summary>
public sealed record KeyBinding(IReadOnlyList<Guid> ScheduleSources, string? FhirSource, IReadOnlyList<Guid> Practices)
{
    public const int MaxFhirSourceLength = 100;

    public static KeyBinding None { get; } = new([], null, []);

    public bool IsEmpty => ScheduleSources.Count == 0 && FhirSource is null && Practices.Count == 0;

    /// <summary>The same binding with duplicates removed, ids in order and a blank FHIR source as none, so two equal bindings compare equal.</summary>
    public KeyBinding Normalized() => new(
        ScheduleSources.Distinct().Order().ToList(),
        string.IsNullOrWhiteSpace(FhirSource) ? null : FhirSource.Trim(),
        Practices.Distinct().Order().ToList());

    public bool SameAs(KeyBinding other) =>
        ScheduleSources.SequenceEqual(other.ScheduleSources) && FhirSource == other.FhirSource && Practices.SequenceEqual(other.Practices);

    internal IEnumerable<(FeedKind Kind, string Target)> Rows() =>
        ScheduleSources.Select(s => (FeedKind.ScheduleSource, ApiKeyBinding.TargetOf(s)))
            .Concat(FhirSource is null ? [] : [(FeedKind.FhirSource, FhirSource)])
            .Concat(Practices.Select(p => (FeedKind.Practice, ApiKeyBinding.TargetOf(p))));

    internal static KeyBinding From(IEnumerable<ApiKeyBinding> rows)
    {
        var list = rows.ToList();
        return new KeyBinding(
            list.Where(r => r.Kind == FeedKind.ScheduleSource).Select(r => Guid.Parse(r.Target)).Order().ToList(),
            list.FirstOrDefault(r => r.Kind == FeedKind.FhirSource)?.Target,
            list.Where(r => r.Kind == FeedKind.Practice).Select(r => Guid.Parse(r.Target)).Order().ToList());
    }
}
