using System.Net.Http.Headers;
using Escalation.Infrastructure.Telephony;
using Escalation.Web.DemoTelephony;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Escalation.Tests.Telephony;

[Trait("Category", "Unit")]
public sealed class TwilioRegistrationTests
{
    [Fact]
    public async Task AddTwilioTelephony_BindsOptions_AndRetriesOnTheWallClock_EvenWhenTheAppRunsOnATestClock()
    {
        await using var fake = await FakeTwilioServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(FakeTwilioSettings.For(fake, new()
        {
            ["Twilio:PublicBaseUrl"] = "https://escalation.example/app",
            ["Twilio:AttemptTimeout"] = "00:00:03",
            ["Twilio:RetryCount"] = "1",
            ["Twilio:RetryBaseDelay"] = "00:00:00.010",
        })).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(new TestClock());
        services.AddTwilioTelephony(configuration.GetSection(TwilioOptions.SectionName));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TwilioOptions>>().Value;
        fake.FailNext(1);
        // On the frozen test clock the retry's back-off would never end; the limit turns that into a failure, not a hang.
        var sent = await provider.GetRequiredService<TwilioGateway>()
            .SendSmsAsync("+447700900001", "hello", options.Webhook("twilio/sms-status"))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(3), options.AttemptTimeout);
        Assert.Equal(1, options.RetryCount);
        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal("https://escalation.example/app/twilio/sms-status", fake.Requests[^1]["StatusCallback"]);
        Assert.Equal(sent.Sid, Assert.Single(fake.Messages).Sid);
        Assert.Same(provider.GetRequiredService<TwilioResilience>(), provider.GetRequiredService<TwilioResilience>());
    }

    [Fact]
    public void Webhook_NeedsAPublicBaseUrl()
    {
        Assert.Throws<InvalidOperationException>(() => new TwilioOptions().Webhook("twilio/voice/1"));
        Assert.Equal(new Uri("https://x.example/twilio/voice/1"), new TwilioOptions { PublicBaseUrl = new Uri("https://x.example") }.Webhook("/twilio/voice/1"));
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(60, 10)]
    [InlineData(0, 0)]
    public void RetryAfter_IsHonoured_UpToTheCap(int askedSeconds, int expectedSeconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(askedSeconds));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), TwilioResilience.RetryAfter(response, TimeSpan.FromSeconds(10), DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void RetryAfter_AsADate_CountsFromNow_AndWithoutTheHeaderLeavesTheBackoff()
    {
        var now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        using var dated = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        dated.Headers.RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(4));
        using var plain = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(4), TwilioResilience.RetryAfter(dated, TimeSpan.FromSeconds(10), now));
        Assert.Null(TwilioResilience.RetryAfter(plain, TimeSpan.FromSeconds(10), now));
    }
}
