using System.Text.Json;
using Escalation.Infrastructure.Fhir;

namespace Escalation.Tests.Fhir;

[Trait("Category", "Unit")]
public sealed class BuilderTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 6, 45, 0, TimeSpan.Zero);

    [Fact]
    public void OperationOutcome_HasEveryIssue_AndOurParserAcceptsIt()
    {
        var json = OperationOutcomeJson.Build([
            OperationOutcomeIssue.Error("required", "Observation.status is required.", "Observation.status"),
            new OperationOutcomeIssue("warning", "not-supported", "Ignored."),
        ]);

        var issues = FhirParser.Parse(json).Json.GetProperty("issue").EnumerateArray().ToList();

        Assert.Equal([("error", "required"), ("warning", "not-supported")], issues.Select(i => (i.GetProperty("severity").GetString()!, i.GetProperty("code").GetString()!)));
        Assert.False(issues[1].TryGetProperty("expression", out _));
    }

    [Fact]
    public void CapabilityStatement_DeclaresWhatWeSupport()
    {
        var resource = FhirParser.Parse(CapabilityStatementJson.Build(At, "Escalation", "1.0", new Uri("https://esc.example.org/fhir")));
        var json = resource.Json;
        var rest = json.GetProperty("rest")[0];
        var resources = rest.GetProperty("resource").EnumerateArray().ToDictionary(
            r => r.GetProperty("type").GetString()!,
            r => r.GetProperty("interaction").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToList());

        Assert.Equal("CapabilityStatement", resource.ResourceType);
        Assert.Equal(("active", "instance", "4.0.1", "2026-11-22T06:45:00Z"),
            (json.GetProperty("status").GetString(), json.GetProperty("kind").GetString(), json.GetProperty("fhirVersion").GetString(), json.GetProperty("date").GetString()));
        Assert.Equal("server", rest.GetProperty("mode").GetString());
        Assert.Equal(["create"], resources["Observation"]);
        Assert.Equal(["create"], resources["DiagnosticReport"]);
        Assert.Equal(["read", "search-type"], resources["Communication"]);
        Assert.Equal(["transaction", "batch"], rest.GetProperty("interaction").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        var about = rest.GetProperty("resource").EnumerateArray().Single(r => r.GetProperty("type").GetString() == "Communication").GetProperty("searchParam")[0];
        Assert.Equal(("about", "reference"), (about.GetProperty("name").GetString(), about.GetProperty("type").GetString()));
        Assert.Equal("https://esc.example.org/fhir", json.GetProperty("implementation").GetProperty("url").GetString());
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

        var resource = FhirParser.Parse(CommunicationJson.Build(draft));
        var json = resource.Json;

        Assert.Equal(("Communication", "c1"), (resource.ResourceType, resource.Id));
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal("Observation/k-68", json.GetProperty("about")[0].GetProperty("reference").GetString());
        Assert.Equal("Patient/pat", json.GetProperty("subject").GetProperty("reference").GetString());
        Assert.Equal(("Device/escalation", "Escalation service"), (json.GetProperty("sender").GetProperty("reference").GetString(), json.GetProperty("sender").GetProperty("display").GetString()));
        Assert.Equal("Practitioner/dr-smith", json.GetProperty("recipient")[0].GetProperty("reference").GetString());
        Assert.Equal(("2026-11-22T06:45:00.000Z", "2026-11-22T06:48:00.000Z"), (json.GetProperty("sent").GetString(), json.GetProperty("received").GetString()));
        Assert.Equal(draft.PayloadText, json.GetProperty("payload")[0].GetProperty("contentString").GetString());
    }

    [Fact]
    public void Communication_LeavesOutWhatItWasNotGiven()
    {
        var json = FhirParser.Parse(CommunicationJson.Build(new CommunicationDraft("Observation/1", null, [], At, null, "text"))).Json;

        Assert.False(json.TryGetProperty("received", out _));
        Assert.False(json.TryGetProperty("sender", out _));
        Assert.False(json.TryGetProperty("recipient", out _));
        Assert.Equal(JsonValueKind.Array, json.GetProperty("about").ValueKind);
    }
}
