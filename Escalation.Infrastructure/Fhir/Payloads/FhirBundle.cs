namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>A Bundle of one of the types we accept (batch, transaction, collection, document, history), as we read it.</summary>
public sealed record FhirBundle(string? Id, string Type, DateTimeOffset? Timestamp, IReadOnlyList<FhirBundleEntry> Entries)
{
    public bool IsTransaction => Type == "transaction";
    public bool IsBatch => Type == "batch";
}
