using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Telephony;
using Microsoft.Extensions.Options;
using Twilio.Exceptions;

namespace Escalation.Infrastructure.Paging;

/// <summary>What Twilio tells us about a page afterwards: the call's script, the key pressed, call and text statuses, and texts people send back.</summary>
public sealed partial class TelephonyPaging
{
    /// <summary>Twilio fetches the call's TwiML: the script, or a hang-up for voicemail and for a message already settled.</summary>
    public async Task<string> AnswerAsync(Guid pageId, IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var status = TwilioCallStatus.Parse(form);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var page = await db.TelephonyPages.SingleOrDefaultAsync(p => p.Id == pageId && p.Channel == Channels.Voice, cancellationToken);
        if (page is null)
        {
            return TwimlAnswers.Hangup();
        }

        var now = clock.GetUtcNow();
        db.TelephonyCallbacks.Add(new TelephonyCallback(page.Id, "answer", TwilioForm.Value(form, "CallStatus"), TwilioForm.Value(form, "AnsweredBy"), null, null, now));
        page.AnsweredBy = TwilioForm.Value(form, "AnsweredBy") ?? page.AnsweredBy;
        var state = await db.Messages.AsNoTracking().Where(m => m.Id == new MessageId(page.MessageId)).Select(m => m.State).SingleAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (CallClassifier.Classify(TwilioCallState.InProgress, status.AnsweredBy) == CallOutcome.NotReached)
        {
            // Voicemail: leave nothing on it (the phone may not be the clinician's alone); the completed callback counts it as not reached.
            return TwimlAnswers.Hangup();
        }

        return state == MessageState.Open
            ? TwimlAnswers.Page(Twilio.Webhook($"twilio/voice/{page.Id}/gather"))
            : TwimlAnswers.SayAndHangup("This message has already been acknowledged. Goodbye.");
    }

    /// <summary>The key the called person pressed: 1 acknowledges as them, 2 escalates now; anything else repeats the script.</summary>
    public async Task<string> GatherAsync(Guid pageId, IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var digits = TwilioForm.Value(form, "Digits")?.Trim();
        TelephonyPage? page;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            page = await db.TelephonyPages.SingleOrDefaultAsync(p => p.Id == pageId && p.Channel == Channels.Voice, cancellationToken);
            if (page is null)
            {
                return TwimlAnswers.Hangup();
            }

            db.TelephonyCallbacks.Add(new TelephonyCallback(page.Id, "gather", TwilioForm.Value(form, "CallStatus"), TwilioForm.Value(form, "AnsweredBy"), digits, null, clock.GetUtcNow()));
            page.Digits = digits;
            await db.SaveChangesAsync(cancellationToken);
        }

        var messageId = new MessageId(page.MessageId);
        // The key press is the called person's own act, decided by the same rules as on a screen.
        async Task<Access.Caller> CalledPersonAsync() => await access.CallerAsync(page.RecipientId, cancellationToken) with { AnsweringTheirPhonePage = true };
        switch (digits)
        {
            case "1":
            {
                var result = await engine.AcknowledgeAsync(messageId, await CalledPersonAsync(), cancellationToken);
                await FinishAsync(page.Id, result.Succeeded ? PageOutcome.Acknowledged : PageOutcome.NotReached, result.Succeeded ? null : result.Error, cancellationToken);
                return result.Succeeded ? TwimlAnswers.Acknowledged() : TwimlAnswers.SayAndHangup("This message could not be acknowledged by phone. Please open your inbox. Goodbye.");
            }

            case "2":
            {
                var result = await engine.EscalateNowAsync(messageId, await CalledPersonAsync(), cancellationToken);
                await FinishAsync(page.Id, result.Succeeded ? PageOutcome.EscalatedNow : PageOutcome.NotReached, result.Succeeded ? null : result.Error, cancellationToken);
                return result.Succeeded ? TwimlAnswers.Escalated() : TwimlAnswers.SayAndHangup("This message could not be escalated by phone. Please open your inbox. Goodbye.");
            }

            default:
                return TwimlAnswers.Page(Twilio.Webhook($"twilio/voice/{page.Id}/gather"));
        }
    }

    /// <summary>A call's status callback: recorded; a finished call that acknowledged nothing counts as not reached.</summary>
    public async Task CallStatusAsync(Guid pageId, IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var status = TwilioCallStatus.Parse(form);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var page = await db.TelephonyPages.SingleOrDefaultAsync(p => p.Id == pageId && p.Channel == Channels.Voice, cancellationToken);
            if (page is null)
            {
                return;
            }

            db.TelephonyCallbacks.Add(new TelephonyCallback(page.Id, "status", TwilioForm.Value(form, "CallStatus"), TwilioForm.Value(form, "AnsweredBy"), null, TwilioForm.Value(form, "ErrorCode"), clock.GetUtcNow()));
            page.Status = TwilioForm.Value(form, "CallStatus") ?? page.Status;
            page.AnsweredBy = TwilioForm.Value(form, "AnsweredBy") ?? page.AnsweredBy;
            await db.SaveChangesAsync(cancellationToken);
            if (page.IsFinal || status.CallStatus is not (TwilioCallState.Completed or TwilioCallState.Busy or TwilioCallState.NoAnswer or TwilioCallState.Failed or TwilioCallState.Canceled))
            {
                return;
            }

            var outcome = CallClassifier.Classify(status.CallStatus, TwilioCallStatus.ParseAnsweredBy(page.AnsweredBy), page.Digits);
            if (outcome is CallOutcome.Acknowledge or CallOutcome.EscalateNow)
            {
                // The key press was handled by the gather webhook; nothing more to decide here.
                return;
            }
        }

        var reason = status.CallStatus switch
        {
            TwilioCallState.Completed when status.AnsweredBy is not (TwilioAnsweredBy.Unknown or TwilioAnsweredBy.Human) => "answered by a machine",
            TwilioCallState.Completed => "answered, no key pressed",
            TwilioCallState.NoAnswer => "no answer",
            TwilioCallState.Busy => "busy",
            TwilioCallState.Canceled => "canceled",
            _ => "failed",
        };
        await FinishAsync(pageId, PageOutcome.NotReached, reason, cancellationToken);
    }

    /// <summary>A text's status callback: recorded; delivered and undelivered are audited.</summary>
    public async Task SmsStatusAsync(Guid pageId, IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var status = TwilioMessageStatus.Parse(form);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var page = await db.TelephonyPages.SingleOrDefaultAsync(p => p.Id == pageId && p.Channel == Channels.Sms, cancellationToken);
        if (page is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        db.TelephonyCallbacks.Add(new TelephonyCallback(page.Id, "status", TwilioForm.Value(form, "MessageStatus") ?? TwilioForm.Value(form, "SmsStatus"), null, null, TwilioForm.Value(form, "ErrorCode"), now));
        page.Status = TwilioForm.Value(form, "MessageStatus") ?? TwilioForm.Value(form, "SmsStatus") ?? page.Status;
        List<AuditRecord> audit = [];
        if (!page.IsFinal && (status.IsDelivered || status.IsFailed))
        {
            page.Outcome = status.IsDelivered ? PageOutcome.Delivered : PageOutcome.Undelivered;
            page.Error = status.IsFailed ? $"Twilio error {status.ErrorCode}" : null;
            page.CompletedAt = now;
            audit.Add(Record(page, status.IsDelivered ? "SmsDelivered" : "SmsUndelivered", $"{Describe(page)}{(status.IsFailed ? $": error {status.ErrorCode}" : "")}", now));
        }

        await AuditWriter.SaveAsync(db, audit, cancellationToken);
    }

    /// <summary>A text to the practice number: STOP and START are honoured for page texts; anything else gets a pointer to the inbox.</summary>
    public async Task<string> InboundSmsAsync(IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var sms = TwilioInboundSms.Parse(form);
        var keyword = sms.Keyword();
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.SmsOptOuts.SingleOrDefaultAsync(o => o.PhoneNumber == sms.From, cancellationToken);
        var masked = sms.From.Length > 4 ? $"***{sms.From[^4..]}" : "***";
        List<AuditRecord> audit = [];
        switch (keyword)
        {
            case SmsKeyword.OptOut when existing is null:
                db.SmsOptOuts.Add(new SmsOptOut(sms.From, now));
                audit.Add(new AuditRecord(now, Actor, "SmsOptOut", Detail: $"{masked} texted STOP: no more page texts"));
                break;
            case SmsKeyword.OptIn when existing is not null:
                db.SmsOptOuts.Remove(existing);
                audit.Add(new AuditRecord(now, Actor, "SmsOptIn", Detail: $"{masked} texted START: page texts resume"));
                break;
        }

        await AuditWriter.SaveAsync(db, audit, cancellationToken);
        // Twilio answers STOP, START and HELP itself on our number; a reply of our own would be a second text.
        return keyword == SmsKeyword.None
            ? TwimlAnswers.Message("This number does not take replies. Open your inbox to acknowledge.")
            : TwimlAnswers.Empty();
    }
}
