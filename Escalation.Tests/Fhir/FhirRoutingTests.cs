using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Fhir.Payloads;
using Escalation.Infrastructure.Fhir.Routing;
using Resource = Hl7.Fhir.Model.Resource;

namespace Escalation.Tests.Fhir;

/// <summary>Routing a result by its performer, then its requester, then the defaults: pure logic, no database.</summary>
[Trait("Category", "Unit")]
public sealed class FhirRoutingTests
{
    private static readonly Guid Cardiology = Guid.NewGuid();
    private static readonly Guid CardiologyAttending = Guid.NewGuid();
    private static readonly Guid Ward = Guid.NewGuid();
    private static readonly Guid Icu = Guid.NewGuid();
    private static readonly Guid SourceDefault = Guid.NewGuid();
    private static readonly Uri SourceBase = new("https://ehr.example.org/fhir/");

    private static readonly FhirRoutingRule[] Rules =
    [
        Rule("PractitionerRole", FhirRoutingMatch.Identifier, "http://hospital.example/roles|card-att", Cardiology, CardiologyAttending),
        Rule("PractitionerRole", FhirRoutingMatch.Reference, "PractitionerRole/ward-nurse", Ward, null),
        Rule("CareTeam", FhirRoutingMatch.Reference, "CareTeam/icu", Icu, null),
    ];

    private static readonly FhirRouting Routing = new(Rules, SourceBase, new LabResultRoute(SourceDefault, null, "source default"));

    [Fact]
    public void Performer_ContainedPractitionerRole_IsRecognisedByItsIdentifier_AndNamesTheRole()
    {
        var route = Route(Observation("""
            "contained": [{"resourceType": "PractitionerRole", "id": "pr", "identifier": [{"system": "http://hospital.example/roles", "value": "card-att"}]}],
            "performer": [{"reference": "Organization/lab"}, {"reference": "#pr"}]
            """));

        Assert.Equal((Cardiology, (Guid?)CardiologyAttending), (route.UnitId, route.RoleId));
        Assert.Contains("performer", route.Reason);
    }

    [Fact]
    public void Performer_LogicalReference_IsRecognisedByTheReferencesOwnIdentifier()
    {
        var route = Route(Observation("""
            "performer": [{"type": "PractitionerRole", "identifier": {"system": "http://hospital.example/roles", "value": "card-att"}}]
            """));

        Assert.Equal(Cardiology, route.UnitId);
    }

    [Theory]
    [InlineData("PractitionerRole/ward-nurse")]
    [InlineData("PractitionerRole/ward-nurse/_history/3")]
    [InlineData("https://ehr.example.org/fhir/PractitionerRole/ward-nurse")]
    public void Performer_LiteralReference_MatchesWithoutVersion_AndUnderTheSourcesBase(string reference)
    {
        var route = Route(Observation($$"""
            "performer": [{"reference": "{{reference}}"}]
            """));

        Assert.Equal((Ward, (Guid?)null), (route.UnitId, route.RoleId));
    }

    [Fact]
    public void Performer_ComesBeforeRequester()
    {
        var route = Route(Observation("""
            "contained": [{"resourceType": "ServiceRequest", "id": "order", "status": "active", "intent": "order", "requester": {"reference": "CareTeam/icu"}}],
            "basedOn": [{"reference": "#order"}],
            "performer": [{"reference": "PractitionerRole/ward-nurse"}]
            """));

        Assert.Equal(Ward, route.UnitId);
    }

    [Fact]
    public void Requester_OfTheContainedServiceRequest_RoutesWhenNoPerformerIsKnown()
    {
        var route = Route(Observation("""
            "contained": [{"resourceType": "ServiceRequest", "id": "order", "status": "active", "intent": "order", "requester": {"reference": "CareTeam/icu"}}],
            "basedOn": [{"reference": "#order"}],
            "performer": [{"reference": "Practitioner/dr-who"}, {"reference": "PractitionerRole/unmapped"}]
            """));

        Assert.Equal(Icu, route.UnitId);
        Assert.Contains("requester CareTeam/icu", route.Reason);
    }

    [Fact]
    public void Requester_OfAServiceRequestElsewhereInTheBundle_Routes()
    {
        var observationJson = ObservationJson("\"basedOn\": [{\"reference\": \"ServiceRequest/o1\"}]");
        var bundle = FhirPayloadReader.Read($$$"""
            {"resourceType": "Bundle", "type": "collection", "entry": [
              {"fullUrl": "https://ehr.example.org/fhir/Observation/k", "resource": {{{observationJson}}} },
              {"fullUrl": "https://ehr.example.org/fhir/ServiceRequest/o1", "resource": {"resourceType": "ServiceRequest", "id": "o1", "status": "active", "intent": "order",
                "requester": {"reference": "https://ehr.example.org/fhir/CareTeam/icu"} } }
            ]}
            """);
        var resolver = new PayloadResourceResolver(bundle);
        var observation = resolver.Resources.Single(r => r.TypeName == "Observation");

        var route = Routing.Route(ObservationMapper.ToLabObservation(observation, resolver), observation, resolver);

        Assert.Equal(Icu, route.UnitId);
    }

    [Fact]
    public void ReportResult_WithoutOwnPerformer_IsRoutedByTheReportsResultsInterpreter()
    {
        var report = FhirPayloadReader.Read($$"""
            {"resourceType": "DiagnosticReport", "id": "r", "status": "final", "code": {"text": "BMP"},
             "contained": [{{ObservationJson("").Replace("\"id\": \"k\"", "\"id\": \"obs1\"", StringComparison.Ordinal)}}],
             "performer": [{"reference": "Organization/lab"}],
             "resultsInterpreter": [{"reference": "PractitionerRole/ward-nurse"}],
             "result": [{"reference": "#obs1"}]}
            """);
        var resolver = new PayloadResourceResolver(report);
        var result = Assert.Single(DiagnosticReportReader.Read(report, resolver).Results);

        var route = Routing.Route(result, report, resolver);

        Assert.Equal(Ward, route.UnitId);
    }

    [Fact]
    public void NothingRecognised_FallsBackToTheSourceDefault()
    {
        var route = Route(Observation("""
            "performer": [{"reference": "Practitioner/ward-nurse"}, {"reference": "CareTeam/ward-nurse"}, {"display": "Core lab"}]
            """));

        Assert.Equal((SourceDefault, "source default"), (route.UnitId, route.Reason));
    }

    [Fact]
    public void HL7BloodExamReport_IsRoutedToTheDefault_ItsPerformerIsAnOrganisationAndItsRequesterAPractitioner()
    {
        var bundle = FhirCorpus.Parse("hl7-r4-diagnosticreport-f001-bloodexam.json");
        var resolver = new PayloadResourceResolver(bundle);
        var report = resolver.Resources.Single(r => r.TypeName == "DiagnosticReport");
        var glucose = FhirCorpus.Observation("hl7-r4-observation-f001-glucose.json");

        Assert.Empty(FhirRouting.Candidates(glucose, report, resolver));
        Assert.Equal(SourceDefault, Routing.Route(glucose, report, resolver).UnitId);
    }

    [Theory]
    [InlineData("PractitionerRole/1", "PractitionerRole")]
    [InlineData("https://x.example/fhir/CareTeam/7", "CareTeam")]
    [InlineData("#pr", null)]
    [InlineData("urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0", null)]
    public void NormalizeReference_AndTypeOf(string reference, string? type)
    {
        Assert.Equal(type, FhirRouting.TypeOf(FhirRouting.NormalizeReference(reference)));
    }

    [Theory]
    [InlineData(null, "PractitionerRole/1", null, null, "sourceName")]
    [InlineData("ehr", "PractitionerRole/1", "sys", "v", "either reference")]
    [InlineData("ehr", null, null, null, "either reference")]
    [InlineData("ehr", "#pr", null, null, "contained")]
    [InlineData("ehr", "Practitioner/1", null, null, "names a Practitioner,")]
    [InlineData("ehr", null, "sys", null, "both required")]
    [InlineData("ehr", null, "s|y", "v", "both required")]
    public void Parse_RefusesAMalformedRule(string? source, string? reference, string? system, string? value, string message)
    {
        var refusal = Assert.Throws<EngineException>(() =>
            FhirRoutingRules.Parse(new FhirRoutingRuleRequest(source, "PractitionerRole", reference, system, value, Guid.NewGuid(), null)));

        Assert.Equal("invalid", refusal.Code);
        Assert.Contains(message, refusal.Message);
    }

    [Fact]
    public void Parse_StoresAReferenceRelative_AndAnIdentifierAsSystemBarValue_ForPractitionerRolesAndCareTeamsOnly()
    {
        Assert.Equal(("ehr", "CareTeam", FhirRoutingMatch.Reference, "CareTeam/icu"),
            FhirRoutingRules.Parse(new FhirRoutingRuleRequest(" ehr ", null, "CareTeam/icu/_history/2", null, null, Guid.NewGuid(), null)));
        Assert.Equal("resourceType: rules recognise a PractitionerRole or a CareTeam, not 'Practitioner'.", Assert.Throws<EngineException>(() =>
            FhirRoutingRules.Parse(new FhirRoutingRuleRequest("ehr", null, "Practitioner/1", null, null, Guid.NewGuid(), null))).Message);
        Assert.Equal(("ehr", "PractitionerRole", FhirRoutingMatch.Identifier, "http://h.example/roles|card-att"),
            FhirRoutingRules.Parse(new FhirRoutingRuleRequest("ehr", "PractitionerRole", null, "http://h.example/roles", "card-att", Guid.NewGuid(), null)));
    }

    private static FhirRoutingRule Rule(string type, FhirRoutingMatch match, string value, Guid unit, Guid? role) =>
        new("ehr", type, match, value, unit, role, "test", DateTimeOffset.UnixEpoch);

    private static LabResultRoute Route(Resource observation)
    {
        var resolver = new PayloadResourceResolver(observation);
        return Routing.Route(ObservationMapper.ToLabObservation(observation, resolver), observation, resolver);
    }

    private static Resource Observation(string extra) => FhirPayloadReader.Read(ObservationJson(extra));

    private static string ObservationJson(string extra) => $$"""
        {"resourceType": "Observation", "id": "k", "status": "final",
         "code": {"coding": [{"system": "http://loinc.org", "code": "2823-3"}], "text": "Potassium"},
         "valueQuantity": {"value": 6.8, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}{{(extra.Length == 0 ? "" : ",")}}
         {{extra}}}
        """;
}
