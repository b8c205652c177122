using Escalation.Domain.LabResults;

namespace Escalation.Tests.Fhir;

/// <summary>A final potassium of 4.2 mmol/L with no flag, unless told otherwise.</summary>
public sealed class LabObservationBuilder
{
    private const string V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    private string _status = "final";
    private string _code = "2823-3";
    private string _name = "Potassium";
    private LabQuantity? _quantity = new(4.2m, "mmol/L", "mmol/L", LabQuantity.Ucum);
    private string? _string;
    private readonly List<LabCoding> _flags = [];
    private readonly List<LabComponent> _components = [];

    public LabObservationBuilder Status(string status) { _status = status; return this; }

    public LabObservationBuilder Analyte(string loinc, string name) { _code = loinc; _name = name; return this; }

    public LabObservationBuilder Value(decimal value, string unit = "mmol/L", string? comparator = null)
    {
        _quantity = new LabQuantity(value, unit, unit, LabQuantity.Ucum, comparator);
        return this;
    }

    public LabObservationBuilder NoValue() { _quantity = null; return this; }

    public LabObservationBuilder Text(string value) { _quantity = null; _string = value; return this; }

    public LabObservationBuilder Flag(string code, string system = V3) { _flags.Add(new LabCoding(system, code, null)); return this; }

    public LabObservationBuilder Component(string loinc, string name, decimal value, string unit, string? flag = null)
    {
        _components.Add(new LabComponent(
            [new LabCoding(LabCoding.Loinc, loinc, name)], null, new LabQuantity(value, unit, unit, LabQuantity.Ucum), null,
            flag is null ? [] : [new LabCoding(V3, flag, null)]));
        return this;
    }

    public LabObservation Build() => new()
    {
        Id = "obs-1",
        Status = _status,
        Codes = [new LabCoding(LabCoding.Loinc, _code, null)],
        CodeText = _name,
        Quantity = _quantity,
        StringValue = _string,
        Interpretations = _flags.ToList(),
        Components = _components.ToList(),
    };
}
