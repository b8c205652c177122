using System.Globalization;
using Escalation.Domain.LabResults;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>
/// Maps Firely's R4 <see cref="Observation"/> to a <see cref="LabObservation"/>. Also reads the forms older senders still
/// emit, which the reader lets through in Recoverable mode: a single interpretation object instead of an array (Firely
/// keeps it in the overflow, and reading the property throws), v2-0078 interpretation systems, and a Quantity's "units"
/// (DSTU2). The patient's name and identifier come from the subject reference's display/identifier, or from the Patient
/// it points at when the resolver finds one in the payload.
/// </summary>
public static class ObservationMapper
{
    public static LabObservation ToLabObservation(Resource resource, IFhirResourceResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource is not Observation observation)
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"Expected an Observation, got {resource.TypeName}.", "resourceType"));
        }

        var status = observation.StatusElement?.JsonValue as string;
        if (string.IsNullOrEmpty(status))
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, "Observation.status is required.", "Observation.status"));
        }

        if (observation.Code is null)
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, "Observation.code is required.", "Observation.code"));
        }

        var (patientReference, patientDisplay, patientIdentifier) = Patient(observation, resolver);
        return new LabObservation
        {
            ResourceType = observation.TypeName,
            Id = observation.Id,
            VersionId = observation.Meta?.VersionId,
            Status = status,
            Codes = Codings(observation.Code),
            CodeText = observation.Code.Text,
            Quantity = Quantity(observation.Value as Quantity),
            StringValue = (observation.Value as FhirString)?.Value ?? ConceptText(observation.Value as CodeableConcept),
            Interpretations = Interpretations(observation),
            ReferenceRange = Range(observation.ReferenceRange),
            CollectedAt = observation.Effective switch
            {
                FhirDateTime at => DateTime(at.Value),
                Instant at => at.Value,
                Period period => DateTime(period.Start),
                _ => null,
            },
            IssuedAt = observation.Issued,
            PatientReference = patientReference,
            PatientDisplay = patientDisplay,
            PatientIdentifier = patientIdentifier,
            Performers = observation.Performer.Select(ReferenceText).OfType<string>().ToList(),
            Requesters = observation.BasedOn.Select(ReferenceText).OfType<string>().ToList(),
            Components = observation.Component.Select(Component).ToList(),
        };
    }

    /// <summary>
    /// A FHIR dateTime. A date without a time ("2012-09-17", "2012-09", "2012") has no zone in FHIR; it reads as the
    /// start of that day in UTC so that it can still be shown and sorted.
    /// </summary>
    public static DateTimeOffset? DateTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.Contains('T', StringComparison.Ordinal))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant : null;
        }

        string[] dateOnly = ["yyyy-MM-dd", "yyyy-MM", "yyyy"];
        return DateTimeOffset.TryParseExact(text, dateOnly, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }

    internal static IReadOnlyList<LabCoding> Codings(CodeableConcept? concept) =>
        concept?.Coding.Select(c => new LabCoding(c.System, c.Code, c.Display)).ToList() ?? [];

    private static LabComponent Component(Observation.ComponentComponent component) =>
        new(
            Codings(component.Code),
            component.Code?.Text,
            Quantity(component.Value as Quantity),
            (component.Value as FhirString)?.Value ?? ConceptText(component.Value as CodeableConcept),
            Interpretations(component),
            Range(component.ReferenceRange));

    private static string? ConceptText(CodeableConcept? concept) =>
        concept is null ? null : concept.Text ?? Codings(concept).Select(x => x.Display ?? x.Code).FirstOrDefault(x => x is not null);

    /// <summary>The interpretation codes; a pre-R4 single object is read from where Firely kept it.</summary>
    private static IReadOnlyList<LabCoding> Interpretations(Base holder)
    {
        try
        {
            var concepts = holder switch
            {
                Observation o => o.Interpretation,
                Observation.ComponentComponent c => c.Interpretation,
                _ => [],
            };
            return concepts.SelectMany(Codings).ToList();
        }
        catch (CodedValidationException)
        {
            return holder.TryGetValue("interpretation", out var value) ? value switch
            {
                CodeableConcept single => Codings(single),
                IEnumerable<CodeableConcept> many => many.SelectMany(Codings).ToList(),
                _ => [],
            } : [];
        }
    }

    private static LabQuantity? Quantity(Quantity? quantity)
    {
        if (quantity?.Value is not { } value)
        {
            return null;
        }

        // DSTU2 senders write the unit as "units"; Firely keeps an unknown element in the overflow.
        var legacyUnit = quantity.Unit is null && quantity.TryGetValue("units", out var units) && units is PrimitiveType { JsonValue: { } text } ? text.ToString() : null;
        return new LabQuantity(value, quantity.Unit ?? legacyUnit, quantity.Code, quantity.System, quantity.ComparatorElement?.JsonValue as string);
    }

    private static LabReferenceRange? Range(List<Observation.ReferenceRangeComponent> ranges)
    {
        if (ranges.FirstOrDefault() is not { } range)
        {
            return null;
        }

        var low = Quantity(range.Low);
        var high = Quantity(range.High);
        if (low is null && high is null && range.Text is null)
        {
            return null;
        }

        return new LabReferenceRange(low?.Value, high?.Value, low?.UnitCode ?? high?.UnitCode ?? low?.Unit ?? high?.Unit, range.Text);
    }

    private static string? ReferenceText(ResourceReference reference) => reference.Reference ?? reference.Display;

    private static (string? Reference, string? Display, LabIdentifier? Identifier) Patient(Observation observation, IFhirResourceResolver? resolver)
    {
        if (observation.Subject is not { } subject)
        {
            return (null, null, null);
        }

        var reference = subject.Reference;
        var display = subject.Display;
        var identifier = subject.Identifier is { } id ? Identifier(id) : null;
        if (reference is not null && resolver?.Resolve(reference, observation) is Patient patient)
        {
            display ??= PatientName(patient);
            identifier ??= patient.Identifier.Select(Identifier).OfType<LabIdentifier>().OrderBy(i => i.TypeCode == "MR" ? 0 : 1).FirstOrDefault();
        }

        return (reference, display, identifier);
    }

    private static LabIdentifier? Identifier(Identifier identifier)
    {
        if (identifier.Value is not { Length: > 0 } value)
        {
            return null;
        }

        var typeCode = identifier.Type?.Coding.Select(c => c.Code).FirstOrDefault(c => c is not null);
        return new LabIdentifier(identifier.System, value, typeCode, identifier.Type?.Text);
    }

    private static string? PatientName(Patient patient)
    {
        var name = patient.Name.FirstOrDefault(n => n.UseElement?.JsonValue as string is "official" or "usual") ?? patient.Name.FirstOrDefault();
        if (name is null)
        {
            return null;
        }

        if (name.Text is { Length: > 0 } text)
        {
            return text;
        }

        var parts = name.Given.Append(name.Family).Where(p => !string.IsNullOrWhiteSpace(p));
        var joined = string.Join(" ", parts);
        return joined.Length == 0 ? null : joined;
    }
}
