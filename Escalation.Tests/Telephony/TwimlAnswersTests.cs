using System.Xml.Linq;
using Escalation.Infrastructure.Telephony;

namespace Escalation.Tests.Telephony;

/// <summary>
/// The TwiML the app answers with, now written by the Twilio SDK: the same documents as before, compared as XML
/// (the SDK orders attributes its own way, which Twilio does not care about).
/// </summary>
[Trait("Category", "Unit")]
public sealed class TwimlAnswersTests
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

    [Fact]
    public void Page_GathersOneDigit_RepeatsOnce_ThenSaysGoodbye()
    {
        var xml = TwimlAnswers.Page(new Uri("https://escalation.example/twilio/gather/42?a=1&b=2"));

        const string gather = "<Gather numDigits=\"1\" action=\"https://escalation.example/twilio/gather/42?a=1&amp;b=2\" method=\"POST\" timeout=\"8\">";
        const string script = "This is the escalation service. A critical message is waiting for you. Press 1 to acknowledge, press 2 to escalate now.";
        AssertSameXml(
            Declaration + "<Response>" +
            gather + "<Say>" + script + "</Say></Gather>" +
            gather + "<Say>Sorry, I did not get that. " + script + "</Say></Gather>" +
            "<Say>No response was received. Goodbye.</Say><Hangup /></Response>",
            xml);
    }

    [Fact]
    public void Bridge_DialsThePatient_ShowingThePracticeNumber()
    {
        var xml = TwimlAnswers.Bridge("+441632960000", "+447700900123");

        AssertSameXml(
            Declaration + "<Response><Say>Connecting you now. The patient will see the practice number.</Say>" +
            "<Dial callerId=\"+441632960000\"><Number>+447700900123</Number></Dial></Response>",
            xml);
    }

    [Fact]
    public void Answers_EscapeMarkup_InEveryValue()
    {
        var xml = TwimlAnswers.Bridge("+44\"<x>", "<Hangup/>&");
        var dial = XDocument.Parse(xml).Descendants("Dial").Single();

        Assert.Equal("+44\"<x>", (string?)dial.Attribute("callerId"));
        Assert.Equal("<Hangup/>&", dial.Element("Number")!.Value);
        Assert.Empty(XDocument.Parse(xml).Descendants("Hangup"));
        Assert.Contains("&lt;Hangup/&gt;&amp;", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_NamesNoPatient_AndIsValidXml()
    {
        var document = XDocument.Parse(TwimlAnswers.Page(new Uri("https://escalation.example/g")));

        Assert.Equal("Response", document.Root!.Name.LocalName);
        Assert.Equal(2, document.Descendants("Gather").Count());
        Assert.All(document.Descendants("Say"), say => Assert.DoesNotContain("patient", say.Value, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Answers_ForKeysEmptyAndHangup_AreExact()
    {
        AssertSameXml(Declaration + "<Response><Say>Thank you. The message is acknowledged. Goodbye.</Say><Hangup /></Response>", TwimlAnswers.Acknowledged());
        AssertSameXml(Declaration + "<Response><Say>Thank you. The message is being escalated now. Goodbye.</Say><Hangup /></Response>", TwimlAnswers.Escalated());
        AssertSameXml(Declaration + "<Response><Hangup /></Response>", TwimlAnswers.Hangup());
        AssertSameXml(Declaration + "<Response />", TwimlAnswers.Empty());
        AssertSameXml(Declaration + "<Response><Message>On &amp; off</Message></Response>", TwimlAnswers.Message("On & off"));
    }

    private static void AssertSameXml(string expected, string actual)
    {
        Assert.StartsWith(Declaration, actual, StringComparison.Ordinal);
        Assert.Equal(Canonical(expected), Canonical(actual));
    }

    private static string Canonical(string xml) => Canonical(XDocument.Parse(xml).Root!).ToString(SaveOptions.DisableFormatting);

    private static XElement Canonical(XElement element) => new(
        element.Name,
        element.Attributes().OrderBy(a => a.Name.ToString(), StringComparer.Ordinal),
        element.Nodes().Select(node => node is XElement child ? Canonical(child) : node));
}
