using Escalation.Infrastructure.Telephony;

namespace Escalation.Tests.Telephony;

[Trait("Category", "Unit")]
public sealed class TwilioInboundSmsTests
{
    [Theory]
    [InlineData("STOP", SmsKeyword.OptOut)]
    [InlineData("stop", SmsKeyword.OptOut)]
    [InlineData("  Stop!  ", SmsKeyword.OptOut)]
    [InlineData("STOPALL", SmsKeyword.OptOut)]
    [InlineData("UNSUBSCRIBE", SmsKeyword.OptOut)]
    [InlineData("CANCEL", SmsKeyword.OptOut)]
    [InlineData("END", SmsKeyword.OptOut)]
    [InlineData("quit.", SmsKeyword.OptOut)]
    [InlineData("START", SmsKeyword.OptIn)]
    [InlineData("yes", SmsKeyword.OptIn)]
    [InlineData("Unstop", SmsKeyword.OptIn)]
    [InlineData("HELP", SmsKeyword.Help)]
    [InlineData("please stop calling me", SmsKeyword.None)]
    [InlineData("STOP IT", SmsKeyword.None)]
    [InlineData("", SmsKeyword.None)]
    [InlineData(null, SmsKeyword.None)]
    public void Keyword_RecognisesOnlyAWholeKeyword(string? body, SmsKeyword expected)
    {
        Assert.Equal(expected, TwilioInboundSms.Keyword(body));
    }

    [Fact]
    public void Parse_ReadsSenderAndBody()
    {
        var sms = TwilioInboundSms.Parse([new("MessageSid", "SM9"), new("From", "+447700900002"), new("To", "+15005550006"), new("Body", "Stop")]);

        Assert.Equal(new TwilioInboundSms("SM9", "+447700900002", "+15005550006", "Stop"), sms);
        Assert.Equal(SmsKeyword.OptOut, sms.Keyword());
        Assert.Throws<FormatException>(() => TwilioInboundSms.Parse([new("Body", "STOP")]));
    }
}
