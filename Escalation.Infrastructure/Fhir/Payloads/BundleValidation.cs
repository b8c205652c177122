namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>
/// The outcome of checking every entry of a Bundle before acting on any. <see cref="FirstBadEntry"/> is the 0-based index
/// of the first entry that failed (a transaction is then refused whole); <see cref="Issues"/> has one issue per bad entry,
/// with expressions such as "Bundle.entry[3].resource.status", which is what a batch answers entry by entry.
/// </summary>
public sealed record BundleValidation(IReadOnlyList<(int Index, OperationOutcomeIssue Issue)> Issues)
{
    public bool IsValid => Issues.Count == 0;
    public int? FirstBadEntry => Issues.Count == 0 ? null : Issues[0].Index;
    public OperationOutcomeIssue? FirstIssue => Issues.Count == 0 ? null : Issues[0].Issue;
}
