namespace Escalation.Web.DemoTelephony;

/// <summary>
/// What happened when the fake answered a call: the app's TwiML for the call, and the app's reply to the Gather
/// action carrying the key pressed (null when the TwiML had no Gather or no key was pressed).
/// </summary>
public sealed record FakeCallAnswer(FakeWebhookReply Twiml, FakeWebhookReply? Gather);
