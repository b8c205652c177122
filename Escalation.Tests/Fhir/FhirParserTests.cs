using Escalation.Infrastructure.Fhir.Payloads;
using Hl7.Fhir.Model;

namespace Escalation.Tests.Fhir;

[Trait("Category", "Unit")]
public sealed class FhirParserTests
{
    private const string Potassium = """{"resourceType":"Observation","status":"final","code":{"text":"Potassium"}}""";

    private static OperationOutcomeIssue IssueOf(string body) =>
        Assert.Throws<FhirInputException>(() => FhirPayloadReader.Read(Encoding.UTF8.GetBytes(body))).Issue;

    [Fact]
    public void Parse_ReadsTypeAndId()
    {
        var resource = FhirPayloadReader.Read("""{"resourceType":"Observation","id":"k1","meta":{"versionId":"3"},"status":"final","code":{}}""");

        Assert.Equal("Observation", resource.TypeName);
        Assert.Equal("k1", resource.Id);
        Assert.Equal("3", resource.VersionId);
        Assert.Equal("Observation/k1", resource.Reference);
    }

    [Fact]
    public void Parse_AcceptsAUtf8ByteOrderMark()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Potassium)).ToArray();

        Assert.Equal("Observation", FhirPayloadReader.Read(body).TypeName);
    }

    [Fact]
    public void Parse_RefusesABodyThatIsNotUtf8_NamingTheByte()
    {
        // "Müller" in Latin-1, as a misconfigured interface engine sends it: 0xFC alone is no UTF-8.
        var body = Encoding.UTF8.GetBytes("""{"resourceType":"Observation","status":"final","code":{"text":"M""")
            .Concat(new byte[] { 0xFC }).Concat(Encoding.UTF8.GetBytes("""ller"}}""")).ToArray();

        var issue = Assert.Throws<FhirInputException>(() => FhirPayloadReader.Read(body)).Issue;

        Assert.Equal(("error", "invalid"), (issue.Severity, issue.Code));
        Assert.Equal("The body is not valid UTF-8 (byte 65): FHIR JSON is UTF-8.", issue.Diagnostics);
    }

    [Theory]
    [InlineData("{\"resourceType\": \"Observation\", ")]
    [InlineData("<Observation xmlns=\"http://hl7.org/fhir\"/>")]
    [InlineData("{'resourceType': 'Observation'}")]
    public void Parse_RefusesInvalidJson_AsInvalid(string body)
    {
        var issue = IssueOf(body);

        Assert.Equal(("error", "invalid"), (issue.Severity, issue.Code));
        Assert.StartsWith("The body is not valid JSON", issue.Diagnostics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n")]
    public void Parse_RefusesAnEmptyBody_AsRequired(string body)
    {
        Assert.Equal("required", IssueOf(body).Code);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"Observation\"")]
    public void Parse_RefusesJsonThatIsNotAnObject_AsStructure(string body)
    {
        Assert.Equal("structure", IssueOf(body).Code);
    }

    [Fact]
    public void Parse_RefusesAMissingResourceType_AsRequired()
    {
        var issue = IssueOf("""{"status":"final","code":{}}""");

        Assert.Equal(("required", "resourceType"), (issue.Code, issue.Expression));
    }

    [Theory]
    [InlineData("""{"resourceType":42}""")]
    [InlineData("""{"resourceType":""}""")]
    public void Parse_RefusesAResourceTypeThatIsNotAName_AsInvalid(string body)
    {
        Assert.Equal("invalid", IssueOf(body).Code);
    }

    [Theory]
    [InlineData("Medication")]
    [InlineData("observation")]
    [InlineData("Encounter")]
    public void Parse_RefusesResourceTypesWeDoNotAccept_AsNotSupported(string type)
    {
        var issue = IssueOf($$"""{"resourceType":"{{type}}"}""");

        Assert.Equal("not-supported", issue.Code);
        Assert.Contains(type, issue.Diagnostics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"resourceType":"Observation","code":{}}""", "Observation.status")]
    [InlineData("""{"resourceType":"Observation","status":"final"}""", "Observation.code")]
    [InlineData("""{"resourceType":"Observation","status":null,"code":{}}""", "Observation.status")]
    [InlineData("""{"resourceType":"DiagnosticReport","code":{}}""", "DiagnosticReport.status")]
    [InlineData("""{"resourceType":"DiagnosticReport","status":"final"}""", "DiagnosticReport.code")]
    [InlineData("""{"resourceType":"Bundle","entry":[]}""", "Bundle.type")]
    [InlineData("""{"resourceType":"DiagnosticReport","status":"final","code":{},"contained":[{"resourceType":"Observation","code":{}}]}""", "DiagnosticReport.contained[0].status")]
    public void Parse_RefusesMissingRequiredElements_AsRequired_WithTheirPath(string body, string expression)
    {
        var issue = IssueOf(body);

        Assert.Equal(("required", expression), (issue.Code, issue.Expression));
    }

    [Theory]
    [InlineData("""{"resourceType":"Observation","status":5,"code":{}}""", "Observation.status")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":"2823-3"}""", "Observation.code")]
    [InlineData("""{"resourceType":"Bundle","type":["batch"]}""", "Bundle.type")]
    public void Parse_RefusesRequiredElementsOfTheWrongShape_AsStructure(string body, string expression)
    {
        var issue = IssueOf(body);

        Assert.Equal(("structure", expression), (issue.Code, issue.Expression));
    }

    [Fact]
    public void Parse_RefusesDeepNesting_AsTooCostly()
    {
        var deep = """{"resourceType":"Observation","status":"final","code":""" + string.Concat(Enumerable.Repeat("""{"a":""", 80)) + "1" + new string('}', 81) + "}";

        Assert.Equal("too-costly", IssueOf(deep).Code);
    }

    [Fact]
    public void Parse_RefusesAnOversizedBody_AsTooCostly()
    {
        var body = new byte[FhirPayloadReader.MaxBytes + 1];
        Array.Fill(body, (byte)' ');

        Assert.Equal("too-costly", Assert.Throws<FhirInputException>(() => FhirPayloadReader.Read(body)).Issue.Code);
    }

    [Fact]
    public void Exception_BecomesAnOperationOutcome_OurParserAccepts()
    {
        var exception = Assert.Throws<FhirInputException>(() => FhirPayloadReader.Read("""{"resourceType":"Observation","code":{}}"""));

        var outcome = Assert.IsType<OperationOutcome>(FhirPayloadReader.Read(exception.ToOperationOutcomeJson()));

        var issue = Assert.Single(outcome.Issue);
        Assert.Equal("error", issue.SeverityElement.JsonValue);
        Assert.Equal("required", issue.CodeElement.JsonValue);
        Assert.Equal("Observation.status", issue.Expression.First());
        Assert.Equal("Observation.status is required.", issue.Diagnostics);
    }
}
