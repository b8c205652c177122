using System.Net.Http.Headers;
using Escalation.Infrastructure.Telephony;
using Escalation.Web.DemoTelephony;

namespace Escalation.Tests.Telephony;

/// <summary>The fake Twilio plays the phone network against a tiny webhook app, everything over real HTTP.</summary>
[Trait("Category", "Unit")]
public sealed class FakeTwilioServerTests : IAsyncLifetime
{
    private const string Clinician = "+447700900001";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private FakeTwilioServer _fake = null!;
    private TwilioWebhookApp _app = null!;
    private TwilioGateway _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTwilioServer.StartAsync();
        _app = await TwilioWebhookApp.StartAsync(_fake.AuthToken, _fake.PhoneNumber);
        _client = new TwilioGatewayBuilder(_fake).Build();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Theory]
    [InlineData("1", CallOutcome.Acknowledge, TwimlAnswers.AcknowledgedText)]
    [InlineData("2", CallOutcome.EscalateNow, TwimlAnswers.EscalatedText)]
    public async Task Answer_FetchesTwiml_PostsTheKeyToTheGatherAction_AllSigned(string key, CallOutcome outcome, string reply)
    {
        await _client.PlaceCallAsync(Clinician, _app.Voice("m42"), _app.CallStatus, machineDetection: true);
        var call = await _fake.WaitForCallAsync(Clinician, Wait);

        var answer = await _fake.AnswerAsync(call.Sid, key);

        Assert.Equal(HttpStatusCode.OK, answer.Twiml.StatusCode);
        Assert.Contains("Press 1 to acknowledge", answer.Twiml.Body, StringComparison.Ordinal);
        Assert.NotNull(answer.Gather);
        Assert.Contains(reply, answer.Gather.Body, StringComparison.Ordinal);
        Assert.All(_app.Requests, r => Assert.True(r.SignatureValid, $"{r.Path} was not signed right"));
        var gather = Assert.Single(_app.To("/twilio/gather/m42"));
        Assert.Equal("/twilio/gather/m42?attempt=1", gather.Path);
        Assert.Equal(key, gather["Digits"]);
        Assert.Equal(outcome, TwilioCallStatus.Parse(gather.Form).Outcome);
        Assert.Equal(["in-progress", "completed"], _app.To("/twilio/call-status").Select(r => r["CallStatus"]));
        Assert.Equal("completed", call.Status);
    }

    [Fact]
    public async Task Answer_WithoutAKey_PostsNoGather_AndTheCallEndsNotReached()
    {
        await _client.PlaceCallAsync(Clinician, _app.Voice("m43"), _app.CallStatus, machineDetection: true);
        var call = await _fake.WaitForCallAsync(Clinician, Wait);

        var answer = await _fake.AnswerAsync(call.Sid, digits: null);

        Assert.Null(answer.Gather);
        Assert.Empty(_app.To("/twilio/gather"));
        var completed = TwilioCallStatus.Parse(_app.To("/twilio/call-status").Last().Form);
        Assert.Equal(TwilioCallState.Completed, completed.CallStatus);
        Assert.Equal(12, completed.Duration);
        Assert.Equal(CallOutcome.NotReached, completed.Outcome);
    }

    [Fact]
    public async Task AppRefusesAWebhook_SignedWithAnotherToken()
    {
        await using var impostor = await FakeTwilioServer.StartAsync(authToken: "someone-elses-token");

        var reply = await impostor.PostSignedAsync(_app.CallStatus, [new("CallSid", "CA1"), new("CallStatus", "completed")]);

        Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        Assert.False(Assert.Single(_app.Requests).SignatureValid);
    }

    [Theory]
    [InlineData("no-answer")]
    [InlineData("busy")]
    public async Task NoAnswerAndBusy_PostTheirStatus_NotReached(string status)
    {
        await _client.PlaceCallAsync(Clinician, _app.Voice("m44"), _app.CallStatus, machineDetection: true);
        var call = await _fake.WaitForCallAsync(Clinician, Wait);

        await (status == "busy" ? _fake.BusyAsync(call.Sid) : _fake.NoAnswerAsync(call.Sid));

        var callback = Assert.Single(_app.To("/twilio/call-status"));
        Assert.True(callback.SignatureValid);
        Assert.Equal(status, callback["CallStatus"]);
        Assert.Equal(call.Sid, callback["CallSid"]);
        Assert.Equal(CallOutcome.NotReached, TwilioCallStatus.Parse(callback.Form).Outcome);
        Assert.Empty(_app.To("/twilio/voice"));
    }

    [Fact]
    public async Task Machine_FetchesTwimlAsMachine_ThenCompletesNotReached()
    {
        await _client.PlaceCallAsync(Clinician, _app.Voice("m45"), _app.CallStatus, machineDetection: true);
        var call = await _fake.WaitForCallAsync(Clinician, Wait);

        await _fake.MachineAsync(call.Sid);

        Assert.Equal("machine_start", Assert.Single(_app.To("/twilio/voice/m45"))["AnsweredBy"]);
        var completed = TwilioCallStatus.Parse(Assert.Single(_app.To("/twilio/call-status")).Form);
        Assert.Equal((TwilioCallState.Completed, TwilioAnsweredBy.MachineStart), (completed.CallStatus, completed.AnsweredBy));
        Assert.Equal(CallOutcome.NotReached, completed.Outcome);
    }

    [Fact]
    public async Task BridgeCall_DialsThePatient_WithThePracticeNumberAsCallerId()
    {
        await _client.PlaceBridgeCallAsync(Clinician, _app.Bridge("cb-9"), _app.CallStatus);
        var call = await _fake.WaitForCallAsync(Clinician, Wait);

        await _fake.AnswerAsync(call.Sid, digits: null);

        Assert.Equal("Enable", call.MachineDetection);
        Assert.Equal(TwilioWebhookApp.PatientNumber, call.DialedNumber);
        Assert.Equal(_fake.PhoneNumber, call.DialCallerId);
        Assert.Equal(_fake.PhoneNumber, call.From);
    }

    [Fact]
    public async Task BridgeCall_AnsweredByVoicemail_DialsNobody()
    {
        await _client.PlaceBridgeCallAsync(Clinician, _app.Bridge("cb-10"), _app.CallStatus);
        var call = await _fake.WaitForCallAsync(Clinician, Wait);

        await _fake.MachineAsync(call.Sid);

        Assert.Null(call.DialedNumber);
    }

    [Fact]
    public async Task DeliverSms_PostsDelivered_AndFailSms_PostsTheErrorCode()
    {
        var first = await _client.SendSmsAsync(Clinician, "one", _app.SmsStatus);
        var second = await _client.SendSmsAsync(Clinician, "two", _app.SmsStatus);
        Assert.Equal(first.Sid, (await _fake.WaitForMessageAsync(Clinician, Wait)).Sid);

        await _fake.DeliverSmsAsync(first.Sid);
        await _fake.FailSmsAsync(second.Sid);

        var statuses = _app.To("/twilio/sms-status").Select(r => TwilioMessageStatus.Parse(r.Form)).ToList();
        Assert.Equal([new TwilioMessageStatus(first.Sid, TwilioMessageState.Delivered, null), new TwilioMessageStatus(second.Sid, TwilioMessageState.Undelivered, 30003)], statuses);
        Assert.All(_app.Requests, r => Assert.True(r.SignatureValid));
        Assert.Equal(["delivered", "undelivered"], _fake.Messages.Select(m => m.Status));
    }

    [Theory]
    // The SDK writes the empty response as <Response></Response>, the same element as <Response />.
    [InlineData("STOP", SmsKeyword.OptOut, "<Response></Response>")]
    [InlineData("start", SmsKeyword.OptIn, "<Message>")]
    public async Task InboundSms_ReachesTheWebhook_Signed(string body, SmsKeyword keyword, string replyContains)
    {
        var reply = await _fake.SendInboundSmsAsync("+447700900002", body, _app.InboundSms);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Contains(replyContains, reply.Body, StringComparison.Ordinal);
        var received = Assert.Single(_app.Requests);
        Assert.True(received.SignatureValid);
        var sms = TwilioInboundSms.Parse(received.Form);
        Assert.Equal(("+447700900002", _fake.PhoneNumber, keyword), (sms.From, sms.To, sms.Keyword()));
    }

    [Fact]
    public async Task Api_RejectsMissingAuth_With401_AndMissingParameters_With400TwilioErrors()
    {
        using var http = new HttpClient { BaseAddress = _fake.BaseUrl };
        var path = $"/2010-04-01/Accounts/{_fake.AccountSid}/Calls.json";

        using var anonymous = await http.PostAsync(path, new FormUrlEncodedContent([new("To", Clinician)]));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent([new("To", Clinician), new("From", _fake.PhoneNumber)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_fake.AccountSid}:{_fake.AuthToken}")));
        using var noUrl = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, noUrl.StatusCode);
        using var error = JsonDocument.Parse(await noUrl.Content.ReadAsStringAsync());
        Assert.Equal(21205, error.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(400, error.RootElement.GetProperty("status").GetInt32());
        Assert.Empty(_fake.Calls);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task WaitForCall_TimesOut_WhenNoCallComes()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => _fake.WaitForCallAsync(Clinician, TimeSpan.FromMilliseconds(50)));
    }
}
