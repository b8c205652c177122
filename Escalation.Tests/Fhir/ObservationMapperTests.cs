using Escalation.Domain.LabResults;
using Escalation.Infrastructure.Fhir.Payloads;
using Resource = Hl7.Fhir.Model.Resource;

namespace Escalation.Tests.Fhir;

[Trait("Category", "Unit")]
public sealed class ObservationMapperTests
{
    [Fact]
    public void Map_ReadsValueRangeFlagTimesAndPeople_FromTheHl7GlucoseExample()
    {
        var o = FhirCorpus.Observation("hl7-r4-observation-f001-glucose.json");

        Assert.Equal(("f001", "final"), (o.Id, o.Status));
        Assert.Equal(new LabCoding(LabCoding.Loinc, "15074-8", "Glucose [Moles/volume] in Blood"), Assert.Single(o.Codes));
        Assert.Equal(new LabQuantity(6.3m, "mmol/l", "mmol/L", LabQuantity.Ucum), o.Quantity);
        Assert.Equal("H", Assert.Single(o.Interpretations).Code);
        Assert.Equal(new LabReferenceRange(3.1m, 6.2m, "mmol/L"), o.ReferenceRange);
        Assert.Equal(new DateTimeOffset(2013, 4, 2, 8, 30, 10, TimeSpan.Zero), o.CollectedAt);
        Assert.Equal(new DateTimeOffset(2013, 4, 3, 14, 30, 10, TimeSpan.Zero), o.IssuedAt);
        Assert.Equal(("Patient/f001", "P. van de Heuvel"), (o.PatientReference, o.PatientDisplay));
        Assert.Equal(["Practitioner/f005"], o.Performers);
    }

    [Fact]
    public void Map_ReadsTheLegacySingleObjectInterpretation_AndUnits()
    {
        var o = FhirCorpus.Observation("hl7-dstu2-observation-f001-glucose-legacy.json");

        Assert.Equal(new LabCoding("http://hl7.org/fhir/v2/0078", "H", "Above high normal"), Assert.Single(o.Interpretations));
        Assert.Equal("mmol/l", o.Quantity!.Unit);
    }

    [Fact]
    public void Map_ReadsComponentsWithTheirOwnFlags_FromTheHl7BloodPressureExample()
    {
        var o = FhirCorpus.Observation("hl7-r4-observation-bloodpressure.json");

        Assert.Null(o.Quantity);
        Assert.Equal(2, o.Components.Count);
        Assert.Equal((107m, "mm[Hg]", "N"), (o.Components[0].Quantity!.Value, o.Components[0].Quantity!.UnitCode, o.Components[0].Interpretations[0].Code));
        Assert.Equal((60m, "L"), (o.Components[1].Quantity!.Value, o.Components[1].Interpretations[0].Code));
        Assert.Equal(new DateTimeOffset(2012, 9, 17, 0, 0, 0, TimeSpan.Zero), o.CollectedAt);
    }

    [Fact]
    public void Map_KeepsTheComparator_FromTheHl7EgfrExample()
    {
        var o = FhirCorpus.Observation("hl7-r4-observation-f205-egfr.json");

        Assert.Equal(">", o.Components[0].Quantity!.Comparator);
        Assert.Empty(o.Interpretations);
    }

    [Fact]
    public void Map_ReadsValueStringAndValueCodeableConcept()
    {
        Assert.Equal("Gram-positive cocci in clusters", FhirCorpus.Observation("ours-blood-culture-valuestring-aa.json").StringValue);

        var coded = FhirPayloadReader.Read("""{"resourceType":"Observation","status":"final","code":{"text":"HIV"},"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"10828004","display":"Positive"}]}}""");
        Assert.Equal("Positive", ObservationMapper.ToLabObservation(coded).StringValue);
    }

    [Fact]
    public void Map_ResolvesAContainedPatient_ForNameAndMrn()
    {
        var o = FhirCorpus.Observation("ours-potassium-6.8-hh.json");

        Assert.Equal("Jane Doe", o.PatientDisplay);
        Assert.Equal(new LabIdentifier("urn:oid:2.16.840.1.113883.19.5", "12345", "MR"), o.PatientIdentifier);
    }

    [Theory]
    [InlineData("Patient/123", "http://other.example.org/fhir/Patient/999")]
    [InlineData("urn:uuid:2b1f5a3e-5c1d-4f7a-9d4e-2a6c8f1b0e11", "urn:uuid:2b1f5a3e-5c1d-4f7a-9d4e-2a6c8f1b0e11")]
    [InlineData("https://ehr.example.org/fhir/Patient/123", "https://ehr.example.org/fhir/Patient/123")]
    [InlineData("Patient/123/_history/2", "https://ehr.example.org/fhir/Patient/123")]
    public void Map_ResolvesThePatientInTheBundle(string subjectReference, string patientFullUrl)
    {
        var bundle = FhirPayloadReader.Read($$$$"""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"{{{{patientFullUrl}}}}","resource":{"resourceType":"Patient","id":"123","name":[{"text":"Jane Doe"}],"identifier":[{"value":"12345"}]}},
              {"fullUrl":"urn:uuid:7c0c1f9a-0000-4000-8000-000000000001","resource":{"resourceType":"Observation","status":"final","code":{"text":"Potassium"},"subject":{"reference":"{{{{subjectReference}}}}"}}}
            ]}
            """);
        var resolver = new PayloadResourceResolver(bundle);
        var observation = FhirBundleReader.Read(bundle).Entries[1].Resource!;

        var o = ObservationMapper.ToLabObservation(observation, resolver);

        Assert.Equal("Jane Doe", o.PatientDisplay);
        Assert.Equal("12345", o.PatientIdentifier!.Value);
    }

    [Fact]
    public void Map_PrefersTheDisplayOnTheReference_OverTheResolvedPatient()
    {
        var bundle = FhirPayloadReader.Read("""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"urn:uuid:a","resource":{"resourceType":"Patient","name":[{"given":["Janet"],"family":"Doe"}]}},
              {"resource":{"resourceType":"Observation","status":"final","code":{"text":"K"},"subject":{"reference":"urn:uuid:a","display":"Jane Doe"}}}]}
            """);

        var o = ObservationMapper.ToLabObservation(FhirBundleReader.Read(bundle).Entries[1].Resource!, new PayloadResourceResolver(bundle));

        Assert.Equal("Jane Doe", o.PatientDisplay);
    }

    [Fact]
    public void Resolver_AsksTheFallback_WhenThePayloadDoesNotHaveIt()
    {
        var remote = FhirPayloadReader.Read("""{"resourceType":"Patient","id":"9","name":[{"text":"From the source"}]}""");
        var resolver = new PayloadResourceResolver(FhirPayloadReader.Read("""{"resourceType":"Observation","status":"final","code":{}}"""), new StubResolver(remote));

        Assert.Same(remote, resolver.Resolve("Patient/9"));
    }

    [Fact]
    public void Map_RefusesAnotherResourceType()
    {
        var patient = FhirPayloadReader.Read("""{"resourceType":"Patient"}""");

        Assert.Equal("invalid", Assert.Throws<FhirInputException>(() => ObservationMapper.ToLabObservation(patient)).Issue.Code);
    }

    private sealed class StubResolver(Resource answer) : IFhirResourceResolver
    {
        public Resource? Resolve(string reference, Resource? context = null) => reference == answer.Reference ? answer : null;
    }
}
