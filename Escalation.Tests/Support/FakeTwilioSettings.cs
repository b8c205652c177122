using Escalation.Web.DemoTelephony;

namespace Escalation.Tests.Support;

public static class FakeTwilioSettings
{
    /// <summary>The Twilio settings that point the app's calls and texts at <paramref name="twilio"/>, with the test's own (retries, a breaker) beside them.</summary>
    public static Dictionary<string, string?> For(FakeTwilioServer twilio, Dictionary<string, string?> more) => new(more)
    {
        ["Twilio:AccountSid"] = twilio.AccountSid,
        ["Twilio:AuthToken"] = twilio.AuthToken,
        ["Twilio:FromNumber"] = twilio.PhoneNumber,
        ["Twilio:ApiBaseUrl"] = twilio.BaseUrl.AbsoluteUri,
    };
}
