using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Telephony;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Twilio.Exceptions;

namespace Escalation.Infrastructure.Paging;

/// <summary>
/// Pages people by phone: texts that point to the inbox and Layer-4 calls that say "press 1 to acknowledge, press 2
/// to escalate now", and everything Twilio tells us about them afterwards (<c>TelephonyPaging.Webhooks.cs</c>). A failure here never holds up the ladder:
/// it is recorded and audited, and the message's own deadlines go on as if the page had not been answered.
/// </summary>
public sealed partial class TelephonyPaging(
    IDbContextFactory<EscalationDbContext> contexts,
    IServiceProvider services,
    IOptions<TwilioOptions> twilioOptions,
    PagingOptions options,
    EscalationEngine engine,
    Access.MessageAccess access,
    TimeProvider clock,
    ILogger<TelephonyPaging> logger)
{
    public const string Actor = "system:telephony";

    private TwilioOptions Twilio => twilioOptions.Value;

    /// <summary>
    /// The outbox item of a Voice or SMS page: records its first attempt and places it. Safe to call twice for the
    /// same item (another node, a retried dispatch): the second finds the attempt and does nothing.
    /// </summary>
    public async Task SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Guid pageId;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.TelephonyPages.AnyAsync(p => p.DeliveryId == item.DeliveryId && p.Attempt == 1, cancellationToken))
            {
                return;
            }

            var phone = await db.Users.AsNoTracking().Where(u => u.Id == item.RecipientId)
                .Select(u => new { u.PhoneNumber, u.PhoneNumberConfirmed }).SingleOrDefaultAsync(cancellationToken);
            var page = new TelephonyPage(item.DeliveryId, item.MessageId.Value, item.Layer, item.RecipientId, item.Channel, 1, phone?.PhoneNumber ?? "", now, now);
            db.TelephonyPages.Add(page);
            if (phone is not { PhoneNumberConfirmed: true, PhoneNumber.Length: > 0 })
            {
                // Nobody to call: the roster digest warns about this in advance; here it is a failed step on the record.
                page.Outcome = PageOutcome.Failed;
                page.Error = "No verified phone number.";
                page.CompletedAt = now;
            }

            try
            {
                await AuditWriter.SaveAsync(db, page.Outcome == PageOutcome.Failed ? [Record(page, "PageFailed", $"{Describe(page)}: no verified phone number", now)] : [], cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The unique (delivery, attempt) index: another node recorded this page first and places it.
                return;
            }

            if (page.Outcome != PageOutcome.Scheduled)
            {
                return;
            }

            pageId = page.Id;
        }

        await PlaceAsync(pageId, cancellationToken);
    }

    /// <summary>Places the retries that are due, and gives up pages a dead node claimed and never placed.</summary>
    public async Task<int> PlaceDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        List<Guid> due;
        List<Guid> stuck;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.TelephonyPages.Where(p => p.Outcome == PageOutcome.Scheduled && p.DueAt <= now)
                .OrderBy(p => p.DueAt).Select(p => p.Id).Take(100).ToListAsync(cancellationToken);
            var stuckBefore = now - options.StuckAfter;
            // Oldest first: with more than a batch stuck, the longest-waiting page is resolved first, never starved.
            stuck = await db.TelephonyPages.Where(p => p.Outcome == PageOutcome.Placing && p.DueAt < stuckBefore)
                .OrderBy(p => p.DueAt).Select(p => p.Id).Take(100).ToListAsync(cancellationToken);
        }

        foreach (var id in stuck)
        {
            await FinishAsync(id, PageOutcome.Failed, "Claimed but never placed (the node stopped).", cancellationToken);
        }

        foreach (var id in due)
        {
            await PlaceAsync(id, cancellationToken);
        }

        return due.Count;
    }

    /// <summary>Claims a scheduled page (one node wins) and asks Twilio to place it.</summary>
    private async Task PlaceAsync(Guid pageId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var claimed = await db.TelephonyPages.Where(p => p.Id == pageId && p.Outcome == PageOutcome.Scheduled)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Outcome, PageOutcome.Placing), cancellationToken);
        if (claimed == 0)
        {
            return;
        }

        var page = await db.TelephonyPages.SingleAsync(p => p.Id == pageId, cancellationToken);
        var message = await db.Messages.AsNoTracking().Where(m => m.Id == new MessageId(page.MessageId))
            .Select(m => new { m.State, m.CurrentLayer, m.Tier, m.IsBroadcast }).SingleAsync(cancellationToken);
        // A forgotten-acknowledgment reminder (layer 0 of a ladder message) is for an acknowledged message: only a close makes it moot.
        var reminder = page.Layer == 0 && !message.IsBroadcast;
        var now = clock.GetUtcNow();
        var firstAttemptAt = page.Attempt == 1 ? page.CreatedAt
            : await db.TelephonyPages.Where(p => p.DeliveryId == page.DeliveryId && p.Attempt == 1).Select(p => p.CreatedAt).SingleAsync(cancellationToken);
        // A retry is for the page it retries: not once the ladder moved on, nor once a newer page (the re-page of an
        // exhausted message) calls the same person anyway.
        string? skip = (reminder ? message.State == MessageState.Closed : message.State != MessageState.Open) ? $"the message is {message.State.ToString().ToLowerInvariant()}"
            : page.Attempt > 1 && message.CurrentLayer != page.Layer ? $"the message moved on to layer {message.CurrentLayer}"
            : page.Attempt > 1 && await db.TelephonyPages.AnyAsync(p => p.MessageId == page.MessageId && p.RecipientId == page.RecipientId
                && p.Channel == page.Channel && p.DeliveryId != page.DeliveryId && p.Attempt == 1 && p.CreatedAt > firstAttemptAt, cancellationToken)
                ? "a newer page reaches the same person"
            : page.Channel == Channels.Sms && await db.SmsOptOuts.AnyAsync(o => o.PhoneNumber == page.ToNumber, cancellationToken) ? "the number texted STOP"
            : null;
        if (skip is not null)
        {
            page.Outcome = PageOutcome.Skipped;
            page.Error = skip;
            page.CompletedAt = now;
            await AuditWriter.SaveAsync(db, [Record(page, "PageSkipped", $"{Describe(page)}: not sent, {skip}", now)], cancellationToken);
            return;
        }

        try
        {
            var twilio = services.GetRequiredService<TwilioGateway>();
            var resource = page.Channel == Channels.Voice
                ? await twilio.PlaceCallAsync(page.ToNumber, Twilio.Webhook($"twilio/voice/{page.Id}"), Twilio.Webhook($"twilio/voice/{page.Id}/status"), machineDetection: true, cancellationToken)
                : await twilio.SendSmsAsync(page.ToNumber, reminder ? ReminderText(message.Tier, page.MessageId) : SmsText(message.Tier, page.MessageId),
                    Twilio.Webhook($"twilio/sms/{page.Id}/status"), cancellationToken);
            now = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Column by column and only from Placing: a fast status callback may already have settled the page.
            await db.TelephonyPages.Where(p => p.Id == page.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Sid, resource.Sid).SetProperty(p => p.PlacedAt, now), cancellationToken);
            await db.TelephonyPages.Where(p => p.Id == page.Id && p.Outcome == PageOutcome.Placing)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Outcome, PageOutcome.Pending).SetProperty(p => p.Status, resource.Status), cancellationToken);
            AuditWriter.Append(db, [Record(page, page.Channel == Channels.Voice ? "CallPlaced" : "SmsSent", $"{Describe(page)}: {resource.Sid}", now)]);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is ApiException or TwilioUnavailableException or HttpRequestException or InvalidOperationException)
        {
            logger.LogWarning("Page {PageId} ({Channel}, attempt {Attempt}) failed: {Error}", page.Id, page.Channel, page.Attempt, exception.Message);
            await FinishAsync(page.Id, PageOutcome.Failed, exception.Message, CancellationToken.None);
        }
    }

    /// <summary>No patient detail: anyone can read a phone's lock screen.</summary>
    public static string SmsText(Tier tier, Guid messageId, Uri publicBaseUrl)
    {
        var root = publicBaseUrl.AbsoluteUri.TrimEnd('/');
        return $"{tier} message waiting: {root}/messages/{messageId}";
    }

    /// <summary>The forgotten-acknowledgment reminder: as bare as the page (a lock screen), saying what is asked.</summary>
    public static string ReminderText(Tier tier, Guid messageId, Uri publicBaseUrl)
    {
        var root = publicBaseUrl.AbsoluteUri.TrimEnd('/');
        return $"Reminder: the {tier} message you acknowledged is not closed: {root}/messages/{messageId}";
    }

    private string ReminderText(Tier tier, Guid messageId) =>
        ReminderText(tier, messageId, Twilio.PublicBaseUrl ?? throw new InvalidOperationException("Twilio:PublicBaseUrl is not set."));

    private string SmsText(Tier tier, Guid messageId) =>
        SmsText(tier, messageId, Twilio.PublicBaseUrl ?? throw new InvalidOperationException("Twilio:PublicBaseUrl is not set."));

    /// <summary>Settles a page (first writer wins) and, for a call that did not reach the person, schedules the next attempt.</summary>
    private async Task FinishAsync(Guid pageId, PageOutcome outcome, string? reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var page = await db.TelephonyPages.SingleAsync(p => p.Id == pageId, cancellationToken);
        if (page.IsFinal)
        {
            return;
        }

        var now = clock.GetUtcNow();
        page.Outcome = outcome;
        page.Error = reason;
        page.CompletedAt = now;
        var kind = outcome switch
        {
            PageOutcome.Acknowledged => "CallAcknowledged",
            PageOutcome.EscalatedNow => "CallEscalatedNow",
            PageOutcome.NotReached => "CallNotReached",
            _ => "PageFailed",
        };
        if (outcome is PageOutcome.NotReached or PageOutcome.Failed && page.Channel == Channels.Voice && page.Attempt < options.VoiceAttempts)
        {
            var retry = new TelephonyPage(page.DeliveryId, page.MessageId, page.Layer, page.RecipientId, page.Channel, page.Attempt + 1, page.ToNumber, now + options.VoiceRetryDelay, now);
            db.TelephonyPages.Add(retry);
        }

        try
        {
            await AuditWriter.SaveAsync(db, [Record(page, kind, $"{Describe(page)}{(reason is null ? "" : $": {reason}")}", now)], cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A duplicate callback settled this page (and scheduled its retry) at the same moment.
        }
    }

    private static AuditRecord Record(TelephonyPage page, string kind, string detail, DateTimeOffset now) =>
        new(now, Actor, kind, page.MessageId, page.Layer, page.Channel.ToString(), AuditDetail.WithRecipient(detail, page.RecipientId));

    private static string Describe(TelephonyPage page) =>
        $"{(page.Channel == Channels.Voice ? "call" : "text")}, attempt {page.Attempt}";
}
