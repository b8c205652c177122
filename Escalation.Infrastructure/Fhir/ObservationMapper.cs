using System.Text.Json;
using Escalation.Domain.LabResults;

namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// Maps an R4 Observation to a <see cref="LabObservation"/>. Also reads the forms older senders still emit: a single
/// interpretation object instead of an array, v2-0078 interpretation systems, and a Quantity's "units" (DSTU2).
/// The patient's name and identifier come from the subject reference's display/identifier, or from the Patient it
/// points at when the resolver finds one in the payload.
/// </summary>
public static class ObservationMapper
{
    public static LabObservation ToLabObservation(FhirResource observation, IFhirResourceResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.ResourceType != "Observation")
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"Expected an Observation, got {observation.ResourceType}.", "resourceType"));
        }

        if (FhirValidator.Check(observation.Json, supportedOnly: false) is { } issue)
        {
            throw new FhirInputException(issue);
        }

        var json = observation.Json;
        var code = FhirJson.Object(json, "code");
        var (patientReference, patientDisplay, patientIdentifier) = Patient(observation, resolver);
        var valueConcept = FhirJson.Object(json, "valueCodeableConcept");

        return new LabObservation
        {
            ResourceType = observation.ResourceType,
            Id = observation.Id,
            VersionId = observation.VersionId,
            Status = FhirJson.String(json, "status")!,
            Codes = Codings(code),
            CodeText = code is { } c ? FhirJson.String(c, "text") : null,
            Quantity = Quantity(FhirJson.Object(json, "valueQuantity")),
            StringValue = FhirJson.String(json, "valueString") ?? ConceptText(valueConcept),
            Interpretations = Interpretations(json),
            ReferenceRange = Range(json),
            CollectedAt = FhirJson.DateTime(FhirJson.String(json, "effectiveDateTime") ?? FhirJson.String(json, "effectiveInstant"))
                ?? (FhirJson.Object(json, "effectivePeriod") is { } period ? FhirJson.DateTime(FhirJson.String(period, "start")) : null),
            IssuedAt = FhirJson.DateTime(FhirJson.String(json, "issued")),
            PatientReference = patientReference,
            PatientDisplay = patientDisplay,
            PatientIdentifier = patientIdentifier,
            Performers = FhirJson.Array(json, "performer").Select(ReferenceText).OfType<string>().ToList(),
            Requesters = FhirJson.Array(json, "basedOn").Select(ReferenceText).OfType<string>().ToList(),
            Components = FhirJson.Array(json, "component").Select(Component).ToList(),
        };
    }

    private static LabComponent Component(JsonElement component)
    {
        var code = FhirJson.Object(component, "code");
        return new LabComponent(
            Codings(code),
            code is { } c ? FhirJson.String(c, "text") : null,
            Quantity(FhirJson.Object(component, "valueQuantity")),
            FhirJson.String(component, "valueString") ?? ConceptText(FhirJson.Object(component, "valueCodeableConcept")),
            Interpretations(component),
            Range(component));
    }

    private static IReadOnlyList<LabCoding> Codings(JsonElement? concept) =>
        concept is { } c
            ? FhirJson.Array(c, "coding").Select(x => new LabCoding(FhirJson.String(x, "system"), FhirJson.String(x, "code"), FhirJson.String(x, "display"))).ToList()
            : [];

    private static string? ConceptText(JsonElement? concept) =>
        concept is { } c ? FhirJson.String(c, "text") ?? Codings(c).Select(x => x.Display ?? x.Code).FirstOrDefault(x => x is not null) : null;

    private static IReadOnlyList<LabCoding> Interpretations(JsonElement parent) =>
        FhirJson.Array(parent, "interpretation").SelectMany(concept => Codings(concept)).ToList();

    private static LabQuantity? Quantity(JsonElement? quantity)
    {
        if (quantity is not { } q || FhirJson.Decimal(q, "value") is not { } value)
        {
            return null;
        }

        return new LabQuantity(
            value,
            FhirJson.String(q, "unit") ?? FhirJson.String(q, "units"),
            FhirJson.String(q, "code"),
            FhirJson.String(q, "system"),
            FhirJson.String(q, "comparator"));
    }

    private static LabReferenceRange? Range(JsonElement parent)
    {
        var range = FhirJson.Array(parent, "referenceRange").FirstOrDefault();
        if (range.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var low = FhirJson.Object(range, "low") is { } l ? Quantity(l) : null;
        var high = FhirJson.Object(range, "high") is { } h ? Quantity(h) : null;
        var text = FhirJson.String(range, "text");
        if (low is null && high is null && text is null)
        {
            return null;
        }

        return new LabReferenceRange(low?.Value, high?.Value, low?.UnitCode ?? high?.UnitCode ?? low?.Unit ?? high?.Unit, text);
    }

    private static string? ReferenceText(JsonElement reference) =>
        FhirJson.String(reference, "reference") ?? FhirJson.String(reference, "display");

    private static (string? Reference, string? Display, LabIdentifier? Identifier) Patient(FhirResource observation, IFhirResourceResolver? resolver)
    {
        if (FhirJson.Object(observation.Json, "subject") is not { } subject)
        {
            return (null, null, null);
        }

        var reference = FhirJson.String(subject, "reference");
        var display = FhirJson.String(subject, "display");
        var identifier = FhirJson.Object(subject, "identifier") is { } id ? Identifier(id) : null;
        var patient = reference is not null ? resolver?.Resolve(reference, observation) : null;
        if (patient is { ResourceType: "Patient" })
        {
            display ??= PatientName(patient.Json);
            identifier ??= FhirJson.Array(patient.Json, "identifier").Select(Identifier).OfType<LabIdentifier>()
                .OrderBy(i => i.TypeCode == "MR" ? 0 : 1).FirstOrDefault();
        }

        return (reference, display, identifier);
    }

    private static LabIdentifier? Identifier(JsonElement identifier)
    {
        if (FhirJson.String(identifier, "value") is not { Length: > 0 } value)
        {
            return null;
        }

        var type = FhirJson.Object(identifier, "type");
        var typeCode = type is { } t ? Codings(t).Select(c => c.Code).FirstOrDefault(c => c is not null) : null;
        return new LabIdentifier(FhirJson.String(identifier, "system"), value, typeCode, type is { } tt ? FhirJson.String(tt, "text") : null);
    }

    private static string? PatientName(JsonElement patient)
    {
        var names = FhirJson.Array(patient, "name").ToList();
        var name = names.FirstOrDefault(n => FhirJson.String(n, "use") is "official" or "usual");
        if (name.ValueKind != JsonValueKind.Object)
        {
            name = names.FirstOrDefault();
        }

        if (name.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (FhirJson.String(name, "text") is { Length: > 0 } text)
        {
            return text;
        }

        var given = FhirJson.Array(name, "given").Where(g => g.ValueKind == JsonValueKind.String).Select(g => g.GetString());
        var parts = given.Append(FhirJson.String(name, "family")).Where(p => !string.IsNullOrWhiteSpace(p));
        var joined = string.Join(" ", parts);
        return joined.Length == 0 ? null : joined;
    }
}
