using Escalation.Infrastructure.Telephony;
using Escalation.Web.DemoTelephony;
using Twilio.Exceptions;

namespace Escalation.Tests.Telephony;

/// <summary>The gateway, through the Twilio SDK, against the fake Twilio over real HTTP on 127.0.0.1.</summary>
[Trait("Category", "Unit")]
public sealed class TwilioGatewayTests : IAsyncLifetime
{
    private const string Clinician = "+447700900001";
    private FakeTwilioServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeTwilioServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task SendSms_PostsFormWithBasicAuth_AndReturnsSidAndStatus()
    {
        var gateway = new TwilioGatewayBuilder(_fake).Build();

        var sent = await gateway.SendSmsAsync(Clinician, "A critical message is waiting for you.", new Uri("https://app.example/twilio/sms-status"));

        var request = Assert.Single(_fake.Requests);
        Assert.Equal($"/2010-04-01/Accounts/{_fake.AccountSid}/Messages.json", request.Path);
        Assert.True(request.Authorized);
        Assert.Equal(_fake.AccountSid, request.BasicUser);
        Assert.Equal(Clinician, request["To"]);
        Assert.Equal(_fake.PhoneNumber, request["From"]);
        Assert.Equal("A critical message is waiting for you.", request["Body"]);
        Assert.Equal("https://app.example/twilio/sms-status", request["StatusCallback"]);
        Assert.StartsWith("SM", sent.Sid, StringComparison.Ordinal);
        Assert.Equal("queued", sent.Status);
        Assert.Equal(sent.Sid, Assert.Single(_fake.Messages).Sid);
    }

    [Fact]
    public async Task Requests_AreTheTwilioSdks_SentToTheFakeInsteadOfApiTwilioCom()
    {
        var gateway = new TwilioGatewayBuilder(_fake).Build();

        await gateway.SendSmsAsync(Clinician, "hello", null);
        await gateway.PlaceCallAsync(Clinician, new Uri("https://app.example/twilio/voice/7"), null, machineDetection: false);

        Assert.Equal(2, _fake.Requests.Count);
        Assert.All(_fake.Requests, r => Assert.StartsWith("twilio-csharp/8.2.0", r.UserAgent, StringComparison.Ordinal));
        Assert.All(_fake.Requests, r => Assert.Equal("POST", r.Method));
    }

    [Fact]
    public async Task PlaceCall_SendsUrlCallbacksRingTimeoutAndMachineDetection()
    {
        var gateway = new TwilioGatewayBuilder(_fake).Build();

        var call = await gateway.PlaceCallAsync(Clinician, new Uri("https://app.example/twilio/voice/7"), new Uri("https://app.example/twilio/call-status"), machineDetection: true);

        var request = Assert.Single(_fake.Requests);
        Assert.EndsWith("/Calls.json", request.Path, StringComparison.Ordinal);
        Assert.Equal("https://app.example/twilio/voice/7", request["Url"]);
        Assert.Equal("https://app.example/twilio/call-status", request["StatusCallback"]);
        Assert.Equal(["initiated", "ringing", "answered", "completed"], request.All("StatusCallbackEvent"));
        Assert.Equal("Enable", request["MachineDetection"]);
        Assert.Equal("25", request["Timeout"]);
        Assert.StartsWith("CA", call.Sid, StringComparison.Ordinal);
        Assert.Equal("queued", call.Status);
    }

    [Fact]
    public async Task PlaceCall_WithoutMachineDetection_OmitsIt()
    {
        var gateway = new TwilioGatewayBuilder(_fake).Build();

        await gateway.PlaceCallAsync(Clinician, new Uri("https://app.example/twilio/voice/7"), null, machineDetection: false);

        var request = Assert.Single(_fake.Requests);
        Assert.Null(request["MachineDetection"]);
        Assert.Null(request["StatusCallback"]);
    }

    [Fact]
    public async Task InvalidNumber_IsATwilioError_SentExactlyOnce()
    {
        var gateway = new TwilioGatewayBuilder(_fake).Build();

        var error = await Assert.ThrowsAsync<ApiException>(() => gateway.SendSmsAsync("07700 900001", "hello", null));

        Assert.Equal(HttpStatusCode.BadRequest, (HttpStatusCode)error.Status);
        Assert.Equal(21211, error.Code);
        Assert.Equal("https://www.twilio.com/docs/errors/21211", error.MoreInfo);
        Assert.Contains("Invalid 'To' Phone Number", error.Message, StringComparison.Ordinal);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task OverlongText_IsRefused_NotRetried()
    {
        var gateway = new TwilioGatewayBuilder(_fake).Build();

        var error = await Assert.ThrowsAsync<ApiException>(() => gateway.SendSmsAsync(Clinician, new string('x', 1601), null));

        Assert.Equal(21617, error.Code);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task WrongToken_Is401_NotRetried()
    {
        var gateway = new TwilioGatewayBuilder(_fake).With(o => o.AuthToken = "not-the-token").Build();

        var error = await Assert.ThrowsAsync<ApiException>(() => gateway.SendSmsAsync(Clinician, "hello", null));

        Assert.Equal(HttpStatusCode.Unauthorized, (HttpStatusCode)error.Status);
        Assert.Equal(20003, error.Code);
        Assert.False(Assert.Single(_fake.Requests).Authorized);
    }

    [Fact]
    public async Task ServiceUnavailable_ThenCreated_IsRetried()
    {
        var gateway = new TwilioGatewayBuilder(_fake).Build();
        _fake.FailNext(1, HttpStatusCode.ServiceUnavailable);

        var sent = await gateway.SendSmsAsync(Clinician, "hello", null);

        Assert.Equal(2, _fake.Requests.Count);
        Assert.Equal(sent.Sid, Assert.Single(_fake.Messages).Sid);
    }

    [Fact]
    public async Task TooManyRequests_IsRetried()
    {
        var gateway = new TwilioGatewayBuilder(_fake).Build();
        _fake.FailNext(2, HttpStatusCode.TooManyRequests);

        await gateway.PlaceCallAsync(Clinician, new Uri("https://app.example/v"), null, machineDetection: true);

        Assert.Equal(3, _fake.Requests.Count);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task PersistentFailure_AfterEveryRetry_IsUnavailable_WithTwilioErrorInside()
    {
        var gateway = new TwilioGatewayBuilder(_fake).Build();
        _fake.FailNext(10, HttpStatusCode.InternalServerError);

        var error = await Assert.ThrowsAsync<TwilioUnavailableException>(() => gateway.SendSmsAsync(Clinician, "hello", null));

        Assert.False(error.CircuitOpen);
        Assert.Equal(HttpStatusCode.InternalServerError, (HttpStatusCode)Assert.IsType<ApiException>(error.InnerException).Status);
        Assert.Equal(3, _fake.Requests.Count);
    }

    [Fact]
    public async Task SlowAttempt_TimesOut_AndIsRetried()
    {
        var gateway = new TwilioGatewayBuilder(_fake).With(o => o.AttemptTimeout = TimeSpan.FromMilliseconds(200)).Build();
        _fake.DelayNext(1, TimeSpan.FromSeconds(30));

        var sent = await gateway.SendSmsAsync(Clinician, "hello", null);

        Assert.Equal(2, _fake.Requests.Count);
        Assert.Equal(sent.Sid, Assert.Single(_fake.Messages).Sid);
    }

    [Fact]
    public async Task EveryAttemptTimingOut_IsUnavailable()
    {
        var gateway = new TwilioGatewayBuilder(_fake).With(o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(100);
            o.RetryCount = 1;
        }).Build();
        _fake.DelayNext(5, TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<TwilioUnavailableException>(() => gateway.SendSmsAsync(Clinician, "hello", null));

        Assert.False(error.CircuitOpen);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task Unreachable_IsUnavailable_AfterRetries()
    {
        var gateway = new TwilioGatewayBuilder(_fake).With(o => o.ApiBaseUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}")).Build();

        var error = await Assert.ThrowsAsync<TwilioUnavailableException>(() => gateway.SendSmsAsync(Clinician, "hello", null));

        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Down_OpensTheCircuit_AndTheNextCallFailsFastWithoutARequest()
    {
        var gateway = new TwilioGatewayBuilder(_fake).With(o =>
        {
            o.RetryCount = 1;
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerFailureRatio = 0.5;
        }).Build();
        _fake.Down = true;

        var first = await Assert.ThrowsAsync<TwilioUnavailableException>(() => gateway.SendSmsAsync(Clinician, "hello", null));
        Assert.False(first.CircuitOpen);
        Assert.Equal(2, _fake.Requests.Count);

        var second = await Assert.ThrowsAsync<TwilioUnavailableException>(() => gateway.PlaceCallAsync(Clinician, new Uri("https://app.example/v"), null, true));

        Assert.True(second.CircuitOpen);
        Assert.Contains("circuit breaker is open", second.Message, StringComparison.Ordinal);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task OpenCircuit_LetsATrialThrough_AfterTheBreakDuration()
    {
        var clock = new TestClock();
        var gateway = new TwilioGatewayBuilder(_fake).WithClock(clock).With(o =>
        {
            o.RetryCount = 0;
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30);
        }).Build();
        _fake.Down = true;
        await Assert.ThrowsAsync<TwilioUnavailableException>(() => gateway.SendSmsAsync(Clinician, "1", null));
        await Assert.ThrowsAsync<TwilioUnavailableException>(() => gateway.SendSmsAsync(Clinician, "2", null));
        Assert.True((await Assert.ThrowsAsync<TwilioUnavailableException>(() => gateway.SendSmsAsync(Clinician, "3", null))).CircuitOpen);
        _fake.Down = false;

        clock.Advance(TimeSpan.FromSeconds(31));
        var sent = await gateway.SendSmsAsync(Clinician, "4", null);

        Assert.Equal(3, _fake.Requests.Count);
        Assert.Equal("4", Assert.Single(_fake.Messages).Body);
        Assert.StartsWith("SM", sent.Sid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoLogLine_OrException_CarriesTheAuthToken()
    {
        var logger = new CapturingLogger<TwilioGateway>();
        var builder = new TwilioGatewayBuilder(_fake).WithLogger(logger).With(o =>
        {
            o.RetryCount = 1;
            o.CircuitBreakerMinimumThroughput = 2;
        });
        var gateway = builder.Build();
        List<Exception> errors = [];

        await gateway.SendSmsAsync(Clinician, "hello", null);
        await gateway.PlaceCallAsync(Clinician, new Uri("https://app.example/v"), null, true);
        errors.Add(await Assert.ThrowsAsync<ApiException>(() => gateway.SendSmsAsync("bad", "hello", null)));
        _fake.Down = true;
        errors.Add(await Assert.ThrowsAsync<TwilioUnavailableException>(() => gateway.SendSmsAsync(Clinician, "hello", null)));
        errors.Add(await Assert.ThrowsAsync<TwilioUnavailableException>(() => gateway.SendSmsAsync(Clinician, "hello", null)));

        Assert.NotEmpty(logger.Lines);
        var everything = string.Join("\n", logger.Lines.Concat(errors.Select(e => e.ToString())).Append(builder.Options.ToString()));
        Assert.DoesNotContain(_fake.AuthToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{_fake.AccountSid}:{_fake.AuthToken}")), everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Clinician, everything, StringComparison.Ordinal);
    }
}
