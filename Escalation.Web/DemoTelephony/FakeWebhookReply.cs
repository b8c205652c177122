using System.Net;

namespace Escalation.Web.DemoTelephony;

/// <summary>What the app answered to a webhook the fake sent it.</summary>
public sealed record FakeWebhookReply(Uri Url, HttpStatusCode StatusCode, string Body);
