using Escalation.Domain.Common;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Telephony;
using Microsoft.Extensions.Options;
using Twilio.Exceptions;

namespace Escalation.Infrastructure.Answering;

/// <summary>
/// Masked callback: Twilio calls the clinician's own verified phone from the practice number; when they answer, our
/// webhook answers with TwiML that dials the caller showing the practice number, so neither side learns the other's
/// number. Every step is written to the call log (<see cref="CallbackCall"/>) and the audit trail. The caller must
/// check that the clinician may see the message.
/// </summary>
public sealed class MaskedCallbacks(
    IDbContextFactory<EscalationDbContext> contexts,
    TwilioGateway twilio,
    IOptions<TwilioOptions> options,
    PatientDataProtector protector,
    TimeProvider clock,
    ILogger<MaskedCallbacks> logger)
{
    public static string AnswerPath(Guid callbackId) => $"twilio/callback/{callbackId}/answer";

    public static string StatusPath(Guid callbackId) => $"twilio/callback/{callbackId}/status";

    public async Task<CallerView?> CallerAsync(MessageId messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var call = await db.Set<AnsweringServiceCall>().AsNoTracking().SingleOrDefaultAsync(c => c.MessageId == messageId, cancellationToken);
        return call is null
            ? null
            : new CallerView(call.MessageId.Value, protector.Unprotect(call.CallerName), protector.Unprotect(call.CallbackNumber),
                call.Reason is { } reason ? protector.Unprotect(reason) : null, call.TriageTier.ToString(), call.AfterHours, call.Routing, call.ReceivedAt);
    }

    public async Task<IReadOnlyList<CallbackView>> LogAsync(MessageId messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var calls = await db.Set<CallbackCall>().AsNoTracking().Where(c => c.MessageId == messageId).ToListAsync(cancellationToken);
        var ids = calls.Select(c => c.ClinicianId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return calls.OrderBy(c => c.RequestedAt).Select(c => View(c, names.GetValueOrDefault(c.ClinicianId, c.ClinicianId))).ToList();
    }

    /// <summary>
    /// Places the call to the clinician. The request is logged and committed before Twilio is asked, so a call
    /// Twilio places is never missing from the log, and a failure is logged and audited as such.
    /// </summary>
    public async Task<CallbackOutcome> StartAsync(MessageId messageId, string clinicianId, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Set<AnsweringServiceCall>().AnyAsync(c => c.MessageId == messageId, cancellationToken))
        {
            return Refused("no-caller", "This message has no caller to call back: only answering-service messages carry a callback number.");
        }

        var phone = await db.Users.AsNoTracking().Where(u => u.Id == clinicianId && u.IsActive && u.PhoneNumberConfirmed).Select(u => u.PhoneNumber).SingleOrDefaultAsync(cancellationToken);
        if (phone is null)
        {
            return Refused("phone-not-verified", "Verify your own phone number first (My phone): the callback rings you on it before it connects the caller.");
        }

        if (settings.PublicBaseUrl is null || settings.AccountSid.Length == 0 || settings.AuthToken.Length == 0 || settings.FromNumber.Length == 0)
        {
            return Refused("telephony-not-configured", "Calls are not set up on this installation (Twilio settings are missing).");
        }

        var call = new CallbackCall(messageId, clinicianId, clock.GetUtcNow());
        db.Add(call);
        await AuditWriter.SaveAsync(db, [new AuditRecord(call.RequestedAt, clinicianId, "CallbackRequested", messageId.Value, Channel: "Voice",
            Detail: $"Callback {call.Id}: calling the clinician on {PhoneNumbers.Mask(phone)}")], cancellationToken);

        string? code = null;
        string? error = null;
        TwilioResource? placed = null;
        try
        {
            placed = await twilio.PlaceBridgeCallAsync(phone, settings.Webhook(AnswerPath(call.Id)), settings.Webhook(StatusPath(call.Id)), cancellationToken);
        }
        catch (TwilioUnavailableException exception)
        {
            (code, error) = ("twilio-unavailable", $"The phone service is unavailable, so no call was placed. {exception.Message}");
        }
        catch (ApiException exception)
        {
            // Twilio's own message may quote the number it refused: keep only its status and code.
            (code, error) = ("twilio-refused", $"The phone service refused the call ({exception.Status}{(exception.Code != 0 ? $", error {exception.Code}" : "")}).");
        }

        await using var update = await contexts.CreateDbContextAsync(CancellationToken.None);
        await using (var transaction = await update.Database.BeginTransactionAsync(CancellationToken.None))
        {
            var row = await update.Set<CallbackCall>().SingleAsync(c => c.Id == call.Id, CancellationToken.None);
            var now = clock.GetUtcNow();
            if (placed is not null)
            {
                row.Placed(placed.Sid, placed.Status);
                AuditWriter.Append(update, [new AuditRecord(now, clinicianId, "CallbackPlaced", messageId.Value, Channel: "Voice", Detail: $"Callback {call.Id}: call {placed.Sid} {placed.Status}")]);
            }
            else
            {
                row.Failed(error!, now);
                AuditWriter.Append(update, [new AuditRecord(now, clinicianId, "CallbackFailed", messageId.Value, Channel: "Voice", Detail: $"Callback {call.Id}: {error}")]);
                logger.LogWarning("Masked callback {CallbackId} for message {MessageId} not placed: {Code}", call.Id, messageId.Value, code);
            }

            await update.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            var name = await update.Users.AsNoTracking().Where(u => u.Id == clinicianId).Select(u => u.DisplayName).SingleOrDefaultAsync(CancellationToken.None);
            var view = View(row, name ?? clinicianId);
            return new CallbackOutcome(code is null ? Result.Ok : Result.Fail(code, error!), view);
        }
    }

    /// <summary>
    /// Twilio fetches the call's TwiML: the clinician answered. A person gets the bridge to the caller; voicemail (or
    /// a fax) gets a hang-up, so a patient is never connected to a clinician's mailbox.
    /// </summary>
    public async Task<string> AnswerAsync(Guid callbackId, TwilioCallStatus status, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var call = await db.Set<CallbackCall>().SingleOrDefaultAsync(c => c.Id == callbackId, cancellationToken);
        if (call is null || call.IsFinished)
        {
            return TwimlAnswers.Hangup();
        }

        var now = clock.GetUtcNow();
        string twiml;
        AuditRecord audit;
        if (status.AnsweredBy is not (TwilioAnsweredBy.NotDetected or TwilioAnsweredBy.Human or TwilioAnsweredBy.Unknown))
        {
            call.Voicemail(Word(status.AnsweredBy), now);
            audit = new AuditRecord(now, Actor, "CallbackVoicemail", call.MessageId.Value, Channel: "Voice",
                Detail: $"Callback {call.Id}: call {status.CallSid} answered by {Word(status.AnsweredBy)}; hung up without dialling the caller");
            twiml = TwimlAnswers.Hangup();
        }
        else
        {
            var caller = await db.Set<AnsweringServiceCall>().AsNoTracking().SingleAsync(c => c.MessageId == call.MessageId, cancellationToken);
            var unitId = await db.Messages.AsNoTracking().Where(m => m.Id == call.MessageId).Select(m => m.UnitId).SingleAsync(cancellationToken);
            var callerId = await db.Set<PracticeSettings>().AsNoTracking().Where(p => p.UnitId == unitId).Select(p => p.CallerIdNumber).SingleOrDefaultAsync(cancellationToken)
                ?? options.Value.FromNumber;
            call.Placed(status.CallSid, CallbackStatus.Bridging);
            call.Bridged(now);
            audit = new AuditRecord(now, Actor, "CallbackBridged", call.MessageId.Value, Channel: "Voice",
                Detail: $"Callback {call.Id}: call {status.CallSid} answered; dialling the caller with the practice number {PhoneNumbers.Mask(callerId)} as caller ID");
            twiml = TwimlAnswers.Bridge(callerId, protector.Unprotect(caller.CallbackNumber));
        }

        AuditWriter.Append(db, [audit]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return twiml;
    }

    /// <summary>Twilio's status callback for the call: each one is logged on the call and audited.</summary>
    public async Task StatusAsync(Guid callbackId, TwilioCallStatus status, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var call = await db.Set<CallbackCall>().SingleOrDefaultAsync(c => c.Id == callbackId, cancellationToken);
        if (call is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var word = Word(status.CallStatus);
        var terminal = status.CallStatus is TwilioCallState.Completed or TwilioCallState.Busy or TwilioCallState.Failed or TwilioCallState.NoAnswer or TwilioCallState.Canceled;
        call.Reported(word, status.AnsweredBy == TwilioAnsweredBy.NotDetected ? null : Word(status.AnsweredBy), status.Duration, terminal, now);
        if (call.CallSid is null)
        {
            call.Placed(status.CallSid, call.Status);
        }

        AuditWriter.Append(db, [new AuditRecord(now, Actor, "CallbackStatus", call.MessageId.Value, Channel: "Voice",
            Detail: $"Callback {call.Id}: call {status.CallSid} {word}{(status.Duration is { } seconds ? $", {seconds} s" : "")}")]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Webhook steps are Twilio's doing, on the clinician's request; the audit names the integration.</summary>
    public const string Actor = "system:twilio";

    private static CallbackOutcome Refused(string code, string error) => new(Result.Fail(code, error), null);

    private static CallbackView View(CallbackCall c, string name) =>
        new(c.Id, c.MessageId.Value, c.ClinicianId, name, c.RequestedAt, c.CallSid, c.Status, c.AnsweredBy, c.BridgedAt, c.EndedAt, c.DurationSeconds, c.Error);

    private static string Word(TwilioCallState state) => state switch
    {
        TwilioCallState.InProgress => "in-progress",
        TwilioCallState.NoAnswer => "no-answer",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string Word(TwilioAnsweredBy answeredBy) => answeredBy switch
    {
        TwilioAnsweredBy.MachineStart => "machine_start",
        TwilioAnsweredBy.MachineEndBeep => "machine_end_beep",
        TwilioAnsweredBy.MachineEndSilence => "machine_end_silence",
        TwilioAnsweredBy.MachineEndOther => "machine_end_other",
        _ => answeredBy.ToString().ToLowerInvariant(),
    };
}
