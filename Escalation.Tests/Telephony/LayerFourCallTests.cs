using System.Net.Http.Headers;
using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Paging;
using Escalation.Infrastructure.Telephony;
using Escalation.Web.DemoTelephony;
using Escalation.Tests.Fhir;

namespace Escalation.Tests.Telephony;

/// <summary>
/// The demo app with telephony pointed at the fake Twilio on 127.0.0.1, every webhook over real HTTP and signed like
/// Twilio's. The Critical tier runs on <see cref="PhoneLadder"/> and the test clock drives it.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class LayerFourCallTests : AppTest
{
    private const string HeadPhone = PhoneLadder.HeadPhone;
    private FakeTwilioServer _twilio = default!;

    protected override async Task<AppHost> CreateAppAsync(DatabaseOptions database)
    {
        _twilio = await FakeTwilioServer.StartAsync();
        var app = new AppHost(database, settings: FakeTwilioSettings.For(_twilio, new()
        {
            ["Twilio:RetryCount"] = "1",
            ["Twilio:RetryJitter"] = "false",
            ["Twilio:RetryBaseDelay"] = "00:00:00.010",
            // The breaker runs on the wall clock, which the test clock does not move; its own tests are in TwilioClientTests.
            ["Twilio:CircuitBreakerMinimumThroughput"] = "1000",
        }));
        return app.With("Twilio:PublicBaseUrl", app.BaseUrl);
    }

    protected override Task StartedAsync() => PhoneLadder.UseForCriticalAsync(App);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _twilio.DisposeAsync();
    }

    [Fact]
    public async Task CriticalPotassium_ClimbsToLayerFour_TheHeadIsCalled_PressesOne_AndHasAcknowledged()
    {
        var messageId = await PostCriticalPotassiumAsync();
        var nurse = await Database.UserIdAsync("nurse@demo.local");
        var inbox = await App.Services.GetRequiredService<InboxQueries>().InboxAsync(nurse);
        Assert.Contains(inbox, i => i.Id == messageId && i.Tier == Tier.Critical && i.IAmCurrentRecipient);

        await ClimbToLayerFourAsync(messageId);
        await DispatchAsync();

        var call = await _twilio.WaitForCallAsync(HeadPhone, TimeSpan.FromSeconds(10));
        Assert.Equal(_twilio.PhoneNumber, call.From);
        Assert.Equal("Enable", call.MachineDetection);
        // The outbox service may be sending the text while this test's dispatch sends the call: wait for both.
        await _twilio.WaitForMessageAsync(HeadPhone, TimeSpan.FromSeconds(10));
        var text = Assert.Single(_twilio.Messages, m => m.To == HeadPhone);
        Assert.Equal($"Critical message waiting: {App.BaseUrl}/messages/{messageId}", text.Body);

        var answer = await _twilio.AnswerAsync(call.Sid, "1");

        Assert.Equal(HttpStatusCode.OK, answer.Twiml.StatusCode);
        Assert.Contains("Press 1 to acknowledge, press 2 to escalate now.", answer.Twiml.Body);
        Assert.DoesNotContain("potassium", answer.Twiml.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, answer.Gather!.StatusCode);
        Assert.Contains(TwimlAnswers.AcknowledgedText, answer.Gather.Body);
        var head = await Database.UserIdAsync("head@demo.local");
        await using var db = Database.NewContext();
        var message = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == new MessageId(messageId));
        Assert.Equal(MessageState.Acknowledged, message.State);
        Assert.Equal(head, message.AcknowledgedBy);
        Assert.False(message.AcknowledgedOnBehalf);
        var page = await db.TelephonyPages.AsNoTracking().SingleAsync(p => p.MessageId == messageId && p.Channel == Channels.Voice);
        Assert.Equal((PageOutcome.Acknowledged, "1", call.Sid, 4), (page.Outcome, page.Digits, page.Sid, page.Layer));
        var callbacks = await db.TelephonyCallbacks.AsNoTracking().Where(c => c.PageId == page.Id).Select(c => c.Kind + ":" + c.Status).ToListAsync();
        Assert.Contains("answer:in-progress", callbacks);
        Assert.Contains("gather:in-progress", callbacks);
        Assert.Contains("status:completed", callbacks);
        var kinds = await AuditKindsAsync(messageId);
        Assert.Equal(["CallPlaced", "Acknowledged", "CallAcknowledged"], kinds.Where(k => k is "CallPlaced" or "CallAcknowledged" or "Acknowledged" or "CallNotReached"));
        // The call ended after the key press: its completed callback must not count it as not reached, nor call again.
        Assert.Equal(0, await db.TelephonyPages.CountAsync(p => p.Attempt > 1));

        // The acknowledgment goes back to the EHR as a FHIR Communication about the Observation.
        await App.Services.GetRequiredService<Escalation.Infrastructure.Fhir.Lifecycle.CommunicationWriteBack>().RunOnceAsync();
        using var ehr = HttpClients.WithApiKey(App, DemoData.IntegrationKey);
        var bundle = System.Text.Json.JsonDocument.Parse(await ehr.GetStringAsync("/fhir/Communication?about=Observation/k-68")).RootElement;
        Assert.Equal("searchset", bundle.GetProperty("type").GetString());
        var communication = Assert.Single(bundle.GetProperty("entry").EnumerateArray()).GetProperty("resource");
        Assert.Equal(("Communication", "completed", "Observation/k-68"),
            (communication.GetProperty("resourceType").GetString(), communication.GetProperty("status").GetString(), communication.GetProperty("about")[0].GetProperty("reference").GetString()));
        Assert.Equal("Dr. Helen Park", communication.GetProperty("sender").GetProperty("display").GetString());
        Assert.Equal(message.AcknowledgedAt, communication.GetProperty("received").GetDateTimeOffset());
    }

    [Fact]
    public async Task PressingTwo_EscalatesNow_AsTheCalledPerson()
    {
        var messageId = await PostCriticalPotassiumAsync();
        await ClimbToLayerFourAsync(messageId);
        await DispatchAsync();
        var call = await _twilio.WaitForCallAsync(HeadPhone, TimeSpan.FromSeconds(10));

        var answer = await _twilio.AnswerAsync(call.Sid, "2");

        Assert.Contains(TwimlAnswers.EscalatedText, answer.Gather!.Body);
        var head = await Database.UserIdAsync("head@demo.local");
        await using var db = Database.NewContext();
        var byHand = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.MessageId == messageId && e.Kind == "EscalatedByHand");
        Assert.Equal(head, byHand.Actor);
        Assert.Equal(MessageState.Open, (await db.Messages.AsNoTracking().SingleAsync(m => m.Id == new MessageId(messageId))).State);
    }

    [Fact]
    public async Task NoAnswer_Busy_AndVoicemail_AreNotReached_AndTheCallIsRetriedUpToThreeAttempts()
    {
        var messageId = await PostCriticalPotassiumAsync();
        await ClimbToLayerFourAsync(messageId);
        await DispatchAsync();
        var paging = App.Services.GetRequiredService<TelephonyPaging>();

        var first = await _twilio.WaitForCallAsync(HeadPhone, TimeSpan.FromSeconds(10));
        await _twilio.NoAnswerAsync(first.Sid);
        Assert.Equal(0, await paging.PlaceDueAsync());
        App.Clock.Advance(TimeSpan.FromSeconds(60));
        await paging.PlaceDueAsync();
        var second = await _twilio.WaitForCallAsync(HeadPhone, TimeSpan.FromSeconds(10));
        await _twilio.BusyAsync(second.Sid);
        App.Clock.Advance(TimeSpan.FromSeconds(60));
        await paging.PlaceDueAsync();
        var third = await _twilio.WaitForCallAsync(HeadPhone, TimeSpan.FromSeconds(10));
        await _twilio.MachineAsync(third.Sid);
        App.Clock.Advance(TimeSpan.FromSeconds(60));
        await paging.PlaceDueAsync();

        Assert.Equal(3, _twilio.Calls.Count(c => c.To == HeadPhone));
        await using var db = Database.NewContext();
        var pages = await db.TelephonyPages.AsNoTracking().Where(p => p.MessageId == messageId && p.Channel == Channels.Voice).OrderBy(p => p.Attempt).ToListAsync();
        Assert.Equal([PageOutcome.NotReached, PageOutcome.NotReached, PageOutcome.NotReached], pages.Select(p => p.Outcome));
        Assert.Equal(["no answer", "busy", "answered by a machine"], pages.Select(p => p.Error));
        Assert.Equal(3, (await AuditKindsAsync(messageId)).Count(k => k == "CallNotReached"));
        Assert.Equal(MessageState.Open, (await db.Messages.AsNoTracking().SingleAsync(m => m.Id == new MessageId(messageId))).State);
    }

    [Fact]
    public async Task ARetryDue_AfterTheMessageWasAcknowledgedInTheInbox_IsNotPlaced()
    {
        var messageId = await PostCriticalPotassiumAsync();
        await ClimbToLayerFourAsync(messageId);
        await DispatchAsync();
        var first = await _twilio.WaitForCallAsync(HeadPhone, TimeSpan.FromSeconds(10));
        await _twilio.NoAnswerAsync(first.Sid);
        var head = await Database.UserIdAsync("head@demo.local");
        Assert.True((await App.Services.GetRequiredService<EscalationEngine>().AcknowledgeAsync(new MessageId(messageId), Callers.Clinician(head))).Succeeded);

        App.Clock.Advance(TimeSpan.FromSeconds(60));
        await App.Services.GetRequiredService<TelephonyPaging>().PlaceDueAsync();

        var retry = Assert.Single(await SettledPagesAsync(messageId, p => p.Attempt == 2, 1));
        Assert.Equal(PageOutcome.Skipped, retry.Outcome);
        Assert.Single(_twilio.Calls, c => c.To == HeadPhone);
        Assert.Contains("PageSkipped", await AuditKindsAsync(messageId));
    }

    [Fact]
    public async Task TwilioDown_ThePageIsAuditedAsFailed_TheOutboxIsNotStuck_AndTheLadderGoesOn()
    {
        _twilio.Down = true;
        var messageId = await PostCriticalPotassiumAsync();
        await ClimbToLayerFourAsync(messageId);

        await DispatchAsync();

        var pages = await SettledPagesAsync(messageId, p => p.Attempt == 1, 2);
        Assert.All(pages, p => Assert.Equal(PageOutcome.Failed, p.Outcome));
        await using var db = Database.NewContext();
        Assert.Equal(0, await db.Outbox.CountAsync(o => o.SentAt == null));
        Assert.Equal(2, (await AuditKindsAsync(messageId)).Count(k => k == "PageFailed"));

        // The layer still times out: the message is exhausted and re-paged, whatever Twilio is doing.
        App.Clock.Advance(TimeSpan.FromSeconds(300));
        await Eventually.UntilAsync(() => MessageAsync(messageId), m => m.IsExhausted, TimeSpan.FromSeconds(10));

        // Twilio is back: the next re-page of the exhausted message calls the head.
        _twilio.Down = false;
        var repages = (await AuditKindsAsync(messageId)).Count(k => k == "Repaged");
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.UntilAsync(() => AuditKindsAsync(messageId), kinds => kinds.Count(k => k == "Repaged") > repages, TimeSpan.FromSeconds(10));
        await DispatchAsync();
        await _twilio.WaitForCallAsync(HeadPhone, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TheSameOutboxItemDispatchedByTwoNodesAtOnce_PlacesOneCall()
    {
        var messageId = await PostCriticalPotassiumAsync();
        await ClimbToLayerFourAsync(messageId);
        var item = await OutboxItemAsync(messageId, Channels.Voice);
        var paging = App.Services.GetRequiredService<TelephonyPaging>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => paging.SendAsync(item, CancellationToken.None))));

        await _twilio.WaitForCallAsync(HeadPhone, TimeSpan.FromSeconds(10));
        Assert.Single(_twilio.Calls, c => c.To == HeadPhone);
    }

    [Fact]
    public async Task AWebhookWithoutAValidSignature_Gets403_AndChangesNothing()
    {
        var messageId = await PostCriticalPotassiumAsync();
        await ClimbToLayerFourAsync(messageId);
        await DispatchAsync();
        await _twilio.WaitForCallAsync(HeadPhone, TimeSpan.FromSeconds(10));
        await using var db = Database.NewContext();
        var page = await db.TelephonyPages.AsNoTracking().SingleAsync(p => p.MessageId == messageId && p.Channel == Channels.Voice);
        var gather = new Uri($"{App.BaseUrl}/twilio/voice/{page.Id}/gather");
        KeyValuePair<string, string>[] form = [new("CallSid", page.Sid!), new("Digits", "1"), new("CallStatus", "in-progress")];

        using var http = new HttpClient();
        using var unsigned = await http.PostAsync(gather, new FormUrlEncodedContent(form));
        using var forged = new HttpRequestMessage(HttpMethod.Post, gather) { Content = new FormUrlEncodedContent(form) };
        forged.Headers.Add(TwilioWebhookSignature.HeaderName, FakeTwilioServer.Sign("not-the-auth-token", gather.AbsoluteUri, form));
        using var forgedResponse = await http.SendAsync(forged);
        // Signed for one key press, replayed with another.
        using var replayed = new HttpRequestMessage(HttpMethod.Post, gather) { Content = new FormUrlEncodedContent([form[0], new("Digits", "2"), form[2]]) };
        replayed.Headers.Add(TwilioWebhookSignature.HeaderName, FakeTwilioServer.Sign(_twilio.AuthToken, gather.AbsoluteUri, form));
        using var replayedResponse = await http.SendAsync(replayed);

        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forgedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, replayedResponse.StatusCode);
        Assert.Equal(MessageState.Open, (await MessageAsync(messageId)).State);
        Assert.Equal(0, await db.TelephonyCallbacks.CountAsync(c => c.PageId == page.Id));
        var signed = await _twilio.PostSignedAsync(gather, form);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(MessageState.Acknowledged, (await MessageAsync(messageId)).State);
    }

    [Fact]
    public async Task StopAndStart_FromAPhone_StopAndResumePageTexts_ButNotCalls()
    {
        var inbound = new Uri($"{App.BaseUrl}/twilio/sms/inbound");
        var stop = await _twilio.SendInboundSmsAsync(HeadPhone, "STOP", inbound);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);

        var first = await PostCriticalPotassiumAsync();
        await ClimbToLayerFourAsync(first);
        await DispatchAsync();
        await _twilio.WaitForCallAsync(HeadPhone, TimeSpan.FromSeconds(10));
        var text = Assert.Single(await SettledPagesAsync(first, p => p.Channel == Channels.Sms, 1));
        Assert.Equal((PageOutcome.Skipped, "the number texted STOP"), (text.Outcome, text.Error));
        Assert.DoesNotContain(_twilio.Messages, m => m.To == HeadPhone);

        var start = await _twilio.SendInboundSmsAsync(HeadPhone, "start", inbound);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var second = await PostCriticalPotassiumAsync("-2");
        await ClimbToLayerFourAsync(second);
        await DispatchAsync();
        var message = await _twilio.WaitForMessageAsync(HeadPhone, TimeSpan.FromSeconds(10));
        Assert.EndsWith($"/messages/{second}", message.Body);
        var delivered = await _twilio.DeliverSmsAsync(message.Sid);
        Assert.Equal(HttpStatusCode.NoContent, delivered!.StatusCode);
        await using var after = Database.NewContext();
        Assert.Equal(PageOutcome.Delivered, (await after.TelephonyPages.AsNoTracking().SingleAsync(p => p.MessageId == second && p.Channel == Channels.Sms)).Outcome);
        Assert.Equal(["SmsOptIn", "SmsOptOut"], await after.AuditEntries.AsNoTracking().Where(e => e.Kind.StartsWith("SmsOpt")).Select(e => e.Kind).OrderBy(k => k).ToListAsync());
    }

    [Fact]
    public async Task TheHeadWhoAcknowledgedAndDidNotClose_IsRemindedByText_OnceTheWindowPasses()
    {
        var messageId = await PostCriticalPotassiumAsync();
        await ClimbToLayerFourAsync(messageId);
        await DispatchAsync();
        await _twilio.WaitForMessageAsync(HeadPhone, TimeSpan.FromSeconds(10));
        var head = await Database.UserIdAsync("head@demo.local");
        Assert.True((await App.Services.GetRequiredService<EscalationEngine>().AcknowledgeAsync(new MessageId(messageId), Callers.Clinician(head))).Succeeded);

        App.Clock.Advance(TimeSpan.FromMinutes(30));
        await App.Services.GetRequiredService<ForgottenAckSweep>().SweepAsync();
        await DispatchAsync();

        var reminders = await Eventually.UntilAsync(
            () => Task.FromResult(_twilio.Messages.Where(m => m.To == HeadPhone && m.Body.StartsWith("Reminder", StringComparison.Ordinal)).ToList()),
            list => list.Count > 0, TimeSpan.FromSeconds(10));
        var reminder = Assert.Single(reminders);
        Assert.Equal($"Reminder: the Critical message you acknowledged is not closed: {App.BaseUrl}/messages/{messageId}", reminder.Body);
        var page = Assert.Single(await SettledPagesAsync(messageId, p => p.Channel == Channels.Sms && p.Layer == 0, 1));
        Assert.NotEqual(PageOutcome.Skipped, page.Outcome);
        Assert.Single(await AuditKindsAsync(messageId), k => k == nameof(MessageEventKind.AckReminderSent));
    }

    private Task<Guid> PostCriticalPotassiumAsync(string suffix = "") => PhoneLadder.PostCriticalPotassiumAsync(App, Database, suffix);

    private Task ClimbToLayerFourAsync(Guid messageId) => PhoneLadder.ClimbToLayerFourAsync(App, Database, messageId);

    /// <summary>
    /// A message's pages that <paramref name="which"/> picks, once there are <paramref name="count"/> and none is still
    /// being placed: the app's own dispatcher and retry service run beside the test, and the one that claimed a page
    /// finishes it, so the test's own call may return before that page is settled.
    /// </summary>
    private Task<List<TelephonyPage>> SettledPagesAsync(Guid messageId, Func<TelephonyPage, bool> which, int count) =>
        Eventually.UntilAsync(
            async () =>
            {
                await using var db = Database.NewContext();
                return (await db.TelephonyPages.AsNoTracking().Where(p => p.MessageId == messageId).ToListAsync()).Where(which).ToList();
            },
            pages => pages.Count == count && pages.All(p => p.Outcome is not (PageOutcome.Scheduled or PageOutcome.Placing)),
            TimeSpan.FromSeconds(10));

    private async Task DispatchAsync() => await App.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();

    private async Task<Message> MessageAsync(Guid id)
    {
        await using var db = Database.NewContext();
        return await db.Messages.AsNoTracking().SingleAsync(m => m.Id == new MessageId(id));
    }

    private async Task<OutboxItem> OutboxItemAsync(Guid messageId, Channels channel)
    {
        await using var db = Database.NewContext();
        return await db.Outbox.AsNoTracking().SingleAsync(o => o.MessageId == new MessageId(messageId) && o.Channel == channel);
    }

    private async Task<List<string>> AuditKindsAsync(Guid messageId)
    {
        await using var db = Database.NewContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.MessageId == messageId).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
    }
}
