namespace Escalation.Domain.LabResults;

/// <summary>One code from a code system: LOINC for an analyte, v3-ObservationInterpretation or v2-0078 for a flag.</summary>
public sealed record LabCoding(string? System, string? Code, string? Display)
{
    public const string Loinc = "http://loinc.org";
}
