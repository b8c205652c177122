using Escalation.Infrastructure.Telephony;

namespace Escalation.Tests.Telephony;

[Trait("Category", "Unit")]
public sealed class TwilioOptionsTests
{
    [Fact]
    public void ToString_RedactsTheAuthToken_AndMostOfTheAccountSid()
    {
        var options = new TwilioOptions
        {
            AccountSid = "AC0123456789abcdef0123456789abcd",
            AuthToken = "super-secret-token-value",
            FromNumber = "+15005550006",
        };

        var text = options.ToString();

        Assert.DoesNotContain("super-secret-token-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AC0123456789abcdef", text, StringComparison.Ordinal);
        Assert.Contains("AuthToken = ***", text, StringComparison.Ordinal);
        Assert.Contains("***abcd", text, StringComparison.Ordinal);
        Assert.Contains("+15005550006", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_SaysWhenNoTokenIsSet()
    {
        Assert.Contains("AuthToken = (not set)", new TwilioOptions().ToString(), StringComparison.Ordinal);
    }
}
