using Escalation.Infrastructure.Fhir.Payloads;
using Hl7.Fhir.Model;

namespace Escalation.Tests.Fhir;

/// <summary>
/// What we emit, built with Firely's model and serializer, read back through our own reader (so it is FHIR we would
/// accept) and checked element by element on Firely's model.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BuilderTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 6, 45, 0, TimeSpan.Zero);

    [Fact]
    public void OperationOutcome_HasEveryIssue_AndOurParserAcceptsIt()
    {
        var json = FhirWriter.OperationOutcomeJson([
            OperationOutcomeIssue.Error("required", "Observation.status is required.", "Observation.status"),
            new OperationOutcomeIssue("warning", "not-supported", "Ignored."),
        ]);

        var issues = Assert.IsType<OperationOutcome>(FhirPayloadReader.Read(json)).Issue;

        Assert.Equal([("error", "required"), ("warning", "not-supported")], issues.Select(i => ((string)i.SeverityElement.JsonValue!, (string)i.CodeElement.JsonValue!)));
        Assert.Empty(issues[1].Expression);
        Assert.DoesNotContain("\"expression\":[]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void CapabilityStatement_DeclaresWhatWeSupport()
    {
        var resource = FhirPayloadReader.Read(FhirWriter.CapabilityStatementJson(At, "Escalation", "1.0", new Uri("https://esc.example.org/fhir")));
        var statement = Assert.IsType<CapabilityStatement>(resource);
        var rest = statement.Rest[0];
        var resources = rest.Resource.ToDictionary(
            r => (string)r.TypeElement.JsonValue!,
            r => r.Interaction.Select(i => (string)i.CodeElement.JsonValue!).ToList());

        Assert.Equal("CapabilityStatement", resource.TypeName);
        Assert.Equal(("active", "instance", "4.0.1", "2026-11-22T06:45:00Z"),
            ((string?)statement.StatusElement.JsonValue, (string?)statement.KindElement.JsonValue, (string?)statement.FhirVersionElement.JsonValue, statement.Date));
        Assert.Equal("server", rest.ModeElement.JsonValue);
        Assert.Equal(["create"], resources["Observation"]);
        Assert.Equal(["create"], resources["DiagnosticReport"]);
        Assert.Equal(["read", "search-type"], resources["Communication"]);
        Assert.Equal(["transaction", "batch"], rest.Interaction.Select(i => (string)i.CodeElement.JsonValue!));
        var about = rest.Resource.Single(r => (string)r.TypeElement.JsonValue! == "Communication").SearchParam[0];
        Assert.Equal(("about", "reference"), (about.Name, (string?)about.TypeElement.JsonValue));
        Assert.Equal("https://esc.example.org/fhir", statement.Implementation!.Url);
    }

    [Fact]
    public void Communication_RecordsWhoWasToldAboutWhichResult_AndOurParserAcceptsIt()
    {
        var draft = new CommunicationDraft("Observation/k-68", "Device/escalation", ["Practitioner/dr-smith"], At, At.AddMinutes(3),
            "CRITICAL Potassium 6.8 mmol/L (HH; ref 3.5–5.1) collected 2026-11-22 06:10 UTC — Jane Doe (MRN 12345)")
        {
            Id = "c1",
            Subject = "Patient/pat",
            SenderDisplay = "Escalation service",
        };

        var resource = FhirPayloadReader.Read(FhirWriter.CommunicationJson(draft));
        var communication = Assert.IsType<Communication>(resource);

        Assert.Equal(("Communication", "c1"), (resource.TypeName, resource.Id));
        Assert.Equal("completed", communication.StatusElement.JsonValue);
        Assert.Equal("Observation/k-68", communication.About[0].Reference);
        Assert.Equal("Patient/pat", communication.Subject!.Reference);
        Assert.Equal(("Device/escalation", "Escalation service"), (communication.Sender!.Reference, communication.Sender.Display));
        Assert.Equal("Practitioner/dr-smith", communication.Recipient[0].Reference);
        Assert.Equal(("2026-11-22T06:45:00.000Z", "2026-11-22T06:48:00.000Z"), (communication.Sent, communication.Received));
        Assert.Equal(draft.PayloadText, Assert.IsType<FhirString>(communication.Payload[0].Content).Value);
    }

    [Fact]
    public void Communication_LeavesOutWhatItWasNotGiven()
    {
        var json = FhirWriter.CommunicationJson(new CommunicationDraft("Observation/1", null, [], At, null, "text"));
        var communication = Assert.IsType<Communication>(FhirPayloadReader.Read(json));

        Assert.Null(communication.Received);
        Assert.Null(communication.Sender);
        Assert.Empty(communication.Recipient);
        Assert.Contains("\"about\":[", json, StringComparison.Ordinal);
        Assert.Single(communication.About);
    }
}
