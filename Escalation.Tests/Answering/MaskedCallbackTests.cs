using Escalation.Infrastructure.Telephony;
using Escalation.Web.DemoTelephony;

namespace Escalation.Tests.Answering;

/// <summary>
/// "Call back" on an answering-service message: the fake Twilio rings the clinician's verified phone and answers;
/// the app's webhook returns the bridge TwiML, which dials the caller showing the practice number.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class MaskedCallbackTests(AnsweringAppFixture fixture) : IClassFixture<AnsweringAppFixture>
{
    private const string NursePhone = "+15555550101";
    private const string CallerNumber = "+15555550199";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly AnsweringApp _app = fixture.App;

    [Fact]
    public async Task CallBack_RingsTheClinician_ThenBridgesToTheCaller_ShowingThePracticeNumber()
    {
        await _app.SetPhoneAsync("nurse@demo.local", NursePhone, verified: true);
        var id = await PostCallAsync();
        using var nurse = await HttpClients.SignedInAsync(_app.App, "nurse@demo.local");

        var response = await nurse.PostAsync($"/api/messages/{id}/callback", null);
        var call = await _app.Twilio.WaitForCallAsync(NursePhone, Wait);
        var answer = await _app.Twilio.AnswerAsync(call.Sid, digits: null);
        var log = Assert.Single(await nurse.GetFromJsonAsync<JsonElement[]>($"/api/messages/{id}/callbacks") ?? []);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal((_app.Twilio.PhoneNumber, "Enable"), (call.From, call.MachineDetection));
        Assert.Equal(HttpStatusCode.OK, answer.Twiml.StatusCode);
        Assert.Equal(TwimlAnswers.Bridge(_app.Twilio.PhoneNumber, CallerNumber), answer.Twiml.Body);
        Assert.DoesNotContain(NursePhone, answer.Twiml.Body, StringComparison.Ordinal);
        var placed = _app.Twilio.Calls.Single(c => c.Sid == call.Sid);
        Assert.Equal((CallerNumber, _app.Twilio.PhoneNumber), (placed.DialedNumber, placed.DialCallerId));
        Assert.Equal((call.Sid, "completed", 12, "Nora Patel"),
            (log.GetProperty("callSid").GetString(), log.GetProperty("status").GetString(), log.GetProperty("durationSeconds").GetInt32(), log.GetProperty("clinicianName").GetString()));
        Assert.NotEqual(JsonValueKind.Null, log.GetProperty("bridgedAt").ValueKind);
        var audit = await _app.AuditAsync(e => e.MessageId == id && e.Kind.StartsWith("Callback", StringComparison.Ordinal));
        Assert.Equal(["CallbackRequested", "CallbackPlaced", "CallbackStatus", "CallbackBridged", "CallbackStatus"], audit.Select(a => a.Kind));
        Assert.DoesNotContain(audit, a => a.Detail!.Contains(CallerNumber, StringComparison.Ordinal) || a.Detail.Contains(NursePhone, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Voicemail_IsHungUpOn_AndTheCallerIsNeverDialled()
    {
        await _app.SetPhoneAsync("nurse@demo.local", NursePhone, verified: true);
        var id = await PostCallAsync();
        using var nurse = await HttpClients.SignedInAsync(_app.App, "nurse@demo.local");

        await nurse.PostAsync($"/api/messages/{id}/callback", null);
        var call = await _app.Twilio.WaitForCallAsync(NursePhone, Wait);
        await _app.Twilio.MachineAsync(call.Sid);

        Assert.Null(_app.Twilio.Calls.Single(c => c.Sid == call.Sid).DialedNumber);
        var log = Assert.Single(await nurse.GetFromJsonAsync<JsonElement[]>($"/api/messages/{id}/callbacks") ?? []);
        Assert.Equal("voicemail", log.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AClinicianWithoutAVerifiedPhone_GetsAClearError_AndNoCallIsPlaced()
    {
        await _app.SetPhoneAsync("nurse@demo.local", NursePhone, verified: false);
        var id = await PostCallAsync();
        using var nurse = await HttpClients.SignedInAsync(_app.App, "nurse@demo.local");
        var calls = _app.Twilio.Calls.Count;

        var response = await nurse.PostAsync($"/api/messages/{id}/callback", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("phone-not-verified", problem.GetProperty("code").GetString());
        Assert.Contains("Verify your own phone number", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(calls, _app.Twilio.Calls.Count);
    }

    [Fact]
    public async Task TwilioDown_IsAClearError_Audited_AndTheMessageCarriesOn()
    {
        await _app.SetPhoneAsync("nurse@demo.local", NursePhone, verified: true);
        var id = await PostCallAsync();
        using var nurse = await HttpClients.SignedInAsync(_app.App, "nurse@demo.local");

        _app.Twilio.Down = true;
        HttpResponseMessage response;
        try
        {
            response = await nurse.PostAsync($"/api/messages/{id}/callback", null);
        }
        finally
        {
            _app.Twilio.Down = false;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("twilio-unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Contains(await _app.AuditAsync(e => e.MessageId == id), a => a.Kind == "CallbackFailed");
        var log = Assert.Single(await nurse.GetFromJsonAsync<JsonElement[]>($"/api/messages/{id}/callbacks") ?? []);
        Assert.Equal("failed", log.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await nurse.PostAsync($"/api/messages/{id}/ack", null)).StatusCode);
    }

    [Fact]
    public async Task Webhooks_WithoutTwilioSignature_Are403()
    {
        await _app.SetPhoneAsync("nurse@demo.local", NursePhone, verified: true);
        var id = await PostCallAsync();
        using var nurse = await HttpClients.SignedInAsync(_app.App, "nurse@demo.local");
        var started = await (await nurse.PostAsync($"/api/messages/{id}/callback", null)).Content.ReadFromJsonAsync<JsonElement>();
        var callbackId = started.GetProperty("id").GetGuid();
        using var stranger = new HttpClient { BaseAddress = new Uri(_app.App.BaseUrl) };
        var form = new Dictionary<string, string> { ["CallSid"] = "CA00000000000000000000000000000000", ["CallStatus"] = "in-progress" };

        var unsigned = await stranger.PostAsync($"/twilio/callback/{callbackId}/answer", new FormUrlEncodedContent(form));
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/twilio/callback/{callbackId}/answer") { Content = new FormUrlEncodedContent(form) };
        forged.Headers.Add(TwilioWebhookSignature.HeaderName, FakeTwilioServer.Sign("not-the-token", $"{_app.App.BaseUrl}/twilio/callback/{callbackId}/answer", form));
        var forgedReply = await stranger.SendAsync(forged);
        var status = await stranger.PostAsync($"/twilio/callback/{callbackId}/status", new FormUrlEncodedContent(form));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (unsigned.StatusCode, forgedReply.StatusCode, status.StatusCode));
        Assert.DoesNotContain(CallerNumber, await unsigned.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compliance_MayReadTheMessage_ButNotCallThePatient()
    {
        var id = await PostCallAsync();
        using var compliance = await HttpClients.SignedInAsync(_app.App, "compliance@demo.local");

        Assert.Equal(HttpStatusCode.Forbidden, (await compliance.PostAsync($"/api/messages/{id}/callback", null)).StatusCode);
    }

    private async Task<Guid> PostCallAsync()
    {
        using var service = HttpClients.WithApiKey(_app.App, DemoData.IntegrationKey);
        var response = await service.PostAsJsonAsync("/api/messages", new { callerName = "Jane Roe", callbackNumber = CallerNumber, reason = "Dizzy", triageTier = "Urgent", practice = "ED" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
