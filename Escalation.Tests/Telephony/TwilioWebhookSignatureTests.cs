using Escalation.Infrastructure.Telephony;
using Escalation.Web.DemoTelephony;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Twilio.Security;

namespace Escalation.Tests.Telephony;

[Trait("Category", "Unit")]
/// <summary>
/// Webhook signatures, checked by the Twilio SDK's <see cref="RequestValidator"/> (through <see cref="TwilioWebhookSignature"/>)
/// and made by the fake Twilio, on the cases our own signature code was held to.
/// </summary>
public sealed class TwilioWebhookSignatureTests
{
    // The worked example in Twilio's webhook security documentation.
    private const string DocsToken = "12345";
    private const string DocsUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string DocsSignature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

    private static readonly KeyValuePair<string, string>[] DocsParams =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("Caller", "+12349013030"),
        new("Digits", "1234"),
        new("From", "+12349013030"),
        new("To", "+18005551212"),
    ];

    [Fact]
    public void Signature_MatchesTwilioDocumentedExample()
    {
        Assert.True(new RequestValidator(DocsToken).Validate(DocsUrl, DocsParams.ToDictionary(p => p.Key, p => p.Value), DocsSignature));
        Assert.Equal(DocsSignature, FakeTwilioServer.Sign(DocsToken, DocsUrl, DocsParams));
    }

    [Fact]
    public void Signature_SortsParameters_WhateverOrderTheyArriveIn()
    {
        Assert.True(TwilioWebhookSignature.IsValid(DocsToken, DocsUrl, DocsParams.Reverse(), DocsSignature));
        Assert.Equal(DocsSignature, FakeTwilioServer.Sign(DocsToken, DocsUrl, DocsParams.Reverse()));
    }

    [Fact]
    public void IsValid_AcceptsTwilioHelperLibraryVoiceVector_WithEmptyValues()
    {
        // The voice request vector in Twilio's Ruby helper library tests: many fields, some empty.
        KeyValuePair<string, string>[] form =
        [
            new("ToState", "California"), new("CalledState", "California"), new("Direction", "inbound"),
            new("FromState", "CA"), new("AccountSid", "ACba8bc05eacf94afdae398e642c9cc32d"), new("Caller", "+14153595711"),
            new("CallerZip", "94108"), new("CallerCountry", "US"), new("From", "+14153595711"),
            new("FromCity", "SAN FRANCISCO"), new("CallerCity", "SAN FRANCISCO"), new("To", "+14157669926"),
            new("FromZip", "94108"), new("FromCountry", "US"), new("ToCity", ""), new("CallStatus", "ringing"),
            new("CalledCity", ""), new("CallerState", "CA"), new("CalledZip", ""), new("ToZip", ""),
            new("ToCountry", "US"), new("CallSid", "CA136d09cd59a3c0ec8dbff44da5c03f31"), new("CalledCountry", "US"),
            new("Called", "+14157669926"), new("ApiVersion", "2010-04-01"), new("ApplicationSid", "AP44efecad51364e80b133bb7c07eb8204"),
        ];

        Assert.True(TwilioWebhookSignature.IsValid("2bd9e9638872de601313dc77410d3b23", "http://twiliotests.heroku.com/validate/voice", form, "oVb2kXoVy8GEfwBDjR8bk/ZZ6eA="));
    }

    [Fact]
    public void IsValid_AcceptsDocumentedExample()
    {
        Assert.True(TwilioWebhookSignature.IsValid(DocsToken, DocsUrl, DocsParams, DocsSignature));
    }

    [Theory]
    [InlineData("Digits", "1235")]
    [InlineData("To", "+18005551213")]
    [InlineData("CallSid", "CA1234567890ABCDF")]
    public void IsValid_Rejects_WhenAParameterIsTampered(string name, string value)
    {
        var tampered = DocsParams.Select(p => p.Key == name ? new KeyValuePair<string, string>(name, value) : p);

        Assert.False(TwilioWebhookSignature.IsValid(DocsToken, DocsUrl, tampered, DocsSignature));
    }

    [Fact]
    public void IsValid_Rejects_WhenAParameterIsAdded()
    {
        Assert.False(TwilioWebhookSignature.IsValid(DocsToken, DocsUrl, [.. DocsParams, new("AnsweredBy", "human")], DocsSignature));
    }

    [Theory]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=3")]
    [InlineData("http://mycompany.com/myapp.php?foo=1&bar=2")]
    [InlineData("https://evil.example/myapp.php?foo=1&bar=2")]
    [InlineData("https://mycompany.com/myapp.php")]
    public void IsValid_Rejects_WhenTheUrlDiffers(string url)
    {
        Assert.False(TwilioWebhookSignature.IsValid(DocsToken, url, DocsParams, DocsSignature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0/KCTR6DLpKmkAf8muzZqo1nDgQ")]
    [InlineData("1/KCTR6DLpKmkAf8muzZqo1nDgQ=")]
    [InlineData("0/KCTR6DLpKmkAf8muzZqo1nDgQ==")]
    public void IsValid_Rejects_AMissingOrWrongSignature(string? signature)
    {
        Assert.False(TwilioWebhookSignature.IsValid(DocsToken, DocsUrl, DocsParams, signature));
    }

    [Fact]
    public void IsValid_Rejects_WhenSignedWithAnotherToken()
    {
        Assert.False(TwilioWebhookSignature.IsValid("54321", DocsUrl, DocsParams, DocsSignature));
    }

    [Theory]
    [InlineData("https://escalation.example/app/twilio/status?m=7")]
    [InlineData("https://escalation.example:443/app/twilio/status?m=7")]
    public async Task IsValidRequest_RebuildsTheUrlFromThePublicBase_WithOrWithoutTheDefaultPort(string signedUrl)
    {
        KeyValuePair<string, string>[] form = [new("CallSid", "CA1"), new("CallStatus", "completed")];
        var request = Request(form, FakeTwilioServer.Sign(DocsToken, signedUrl, form));

        Assert.True(await TwilioWebhookSignature.IsValidRequestAsync(request, DocsToken, new Uri("https://escalation.example/app/")));
    }

    [Fact]
    public async Task IsValidRequest_Rejects_ATamperedForm_OrAMissingHeader()
    {
        KeyValuePair<string, string>[] signed = [new("CallSid", "CA1"), new("Digits", "2")];
        var signature = FakeTwilioServer.Sign(DocsToken, "https://escalation.example/app/twilio/status?m=7", signed);
        var baseUrl = new Uri("https://escalation.example/app");

        Assert.False(await TwilioWebhookSignature.IsValidRequestAsync(Request([new("CallSid", "CA1"), new("Digits", "1")], signature), DocsToken, baseUrl));
        Assert.False(await TwilioWebhookSignature.IsValidRequestAsync(Request(signed, null), DocsToken, baseUrl));
    }

    private static HttpRequest Request(KeyValuePair<string, string>[] form, string? signature)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("10.0.0.5:8080");
        context.Request.Path = "/twilio/status";
        context.Request.QueryString = new QueryString("?m=7");
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Form = new FormCollection(form.ToDictionary(p => p.Key, p => new StringValues(p.Value)));
        if (signature is not null)
        {
            context.Request.Headers[TwilioWebhookSignature.HeaderName] = signature;
        }

        return context.Request;
    }
}
