namespace Escalation.Domain.LabResults;

/// <summary>
/// A measured value. <see cref="Comparator"/> is FHIR's <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;=</c>, <c>&gt;</c> when the
/// analyser reported an open-ended value (">6.5"). <see cref="UnitCode"/> is the UCUM code, <see cref="Unit"/> the text a
/// person reads.
/// </summary>
public sealed record LabQuantity(decimal Value, string? Unit = null, string? UnitCode = null, string? UnitSystem = null, string? Comparator = null)
{
    public const string Ucum = "http://unitsofmeasure.org";
}
