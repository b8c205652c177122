using System.Globalization;
using Escalation.Domain.LabResults;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Notices;

namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>
/// The life of one lab result across its versions. Every version received is recorded, normal ones included. The
/// first judged version that asks for a message sends it; a later version pages again only when it is worse
/// (<see cref="JudgedResult.IsWorseThan"/>), and otherwise is noted on the open message; a withdrawal
/// (entered-in-error, cancelled) is noted on the open message and its holders are told, but nothing is paged and
/// the message stays for a person to close.
/// </summary>
/// <remarks>
/// The message is sent before the version is recorded, never after: if the process dies in between, the source's
/// resend finds no record, judges again, and the engine's external-id check returns the message already sent. The
/// other order could leave a record that says "received" for a critical result that never paged anybody.
/// </remarks>
public sealed class LabResultLifecycle(
    IDbContextFactory<EscalationDbContext> contexts,
    TimeProvider clock,
    NoticeBoard notices,
    EngineNotifier notifier,
    ILogger<LabResultLifecycle> logger)
{
    public const string AmendedKind = "LabResultAmended";
    public const string WithdrawnKind = "LabResultWithdrawn";

    public static bool IsWithdrawnStatus(string status) => status is "entered-in-error" or "cancelled";

    private static bool IsReportableStatus(string status) => status is "preliminary" or "final" or "amended" or "corrected";

    /// <summary>
    /// Handles one judged result. <paramref name="send"/> sends its message (the caller chooses the unit and words it;
    /// an amendment says what it amends) and is called at most once, only when a message is due.
    /// </summary>
    public async Task<LabIntakeOutcome> HandleAsync(
        LabObservation observation,
        string reference,
        Detection detection,
        IReadOnlyList<CriticalLimit> limits,
        string actor,
        Func<LabAmendment?, CancellationToken, Task<SendResult>> send,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(detection);
        ArgumentNullException.ThrowIfNull(send);
        var judged = JudgedResult.Of(observation, detection, limits);
        var version = observation.Id is null ? null : observation.VersionId ?? "1";
        string source;
        List<LabResultRecord> history;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            source = await IntegrationSource.NameOfAsync(db, actor, cancellationToken);
            history = version is null ? [] : await db.Set<LabResultRecord>().AsNoTracking()
                .Where(r => r.SourceName == source && r.Resource == reference).ToListAsync(cancellationToken);
        }

        // Arrival order; versions received in the same instant fall back on their numbers (FHIR servers count up).
        history = history.OrderBy(r => r.ReceivedAt).ThenBy(r => long.TryParse(r.VersionId, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
            .ThenBy(r => r.VersionId, StringComparer.Ordinal).ToList();
        if (history.FirstOrDefault(r => r.VersionId == version) is { } same)
        {
            var sentForIt = same.Outcome is LabResultOutcome.Sent or LabResultOutcome.AmendedWorse ? same.MessageId : null;
            return new LabIntakeOutcome(reference, same.Judgement, $"{detection.Reason} (version {version} already received: {same.Outcome})", sentForIt, false);
        }

        var basedOn = observation.Requesters.Count == 0 ? null : string.Join(' ', observation.Requesters);
        LabResultRecord Record(LabResultOutcome outcome, Guid? messageId) =>
            new(source, reference, version, observation.Status, judged, outcome, messageId, observation.PatientReference, basedOn, actor, clock.GetUtcNow());

        if (IsWithdrawnStatus(observation.Status))
        {
            return await WithdrawAsync(observation, reference, version, history, Record, cancellationToken);
        }

        var previous = LastJudged(history);
        if (!IsReportableStatus(observation.Status) || (previous is null && judged.Outcome == DetectionOutcome.None))
        {
            await SaveAsync(Record(LabResultOutcome.NothingToSend, null), [], cancellationToken);
            return new LabIntakeOutcome(reference, DetectionOutcome.None, detection.Reason, null, false);
        }

        if (previous is null)
        {
            var sent = await send(null, cancellationToken);
            await SaveAsync(Record(LabResultOutcome.Sent, sent.Id.Value), [], cancellationToken);
            return new LabIntakeOutcome(reference, detection.Outcome, detection.Reason, sent.Id.Value, sent.Created);
        }

        var open = await OpenMessagesAsync(history, cancellationToken);
        var now = clock.GetUtcNow();
        var amendedTo = $"{reference} version {version} ({observation.Status}), received {Show(now)}: now {ValueText(judged)}, was {ValueText(previous.Judged)} in version {previous.VersionId}";
        if (judged.IsWorseThan(previous.Judged))
        {
            var earlierMessage = history.LastOrDefault(r => r.Outcome is LabResultOutcome.Sent or LabResultOutcome.AmendedWorse)?.MessageId;
            var sent = await send(new LabAmendment(previous.VersionId ?? "?", previous.ReceivedAt, ValueText(previous.Judged), earlierMessage), cancellationToken);
            var notes = open.Where(m => m.Id != sent.Id).Select(m => Note(m, AmendedKind, actor, now,
                $"The lab amended this result: {amendedTo}. Worse, so it was paged again as message {sent.Id.Value}.")).ToList();
            await SaveAsync(Record(LabResultOutcome.AmendedWorse, sent.Id.Value), notes, cancellationToken);
            Publish(open);
            return new LabIntakeOutcome(reference, detection.Outcome, $"amended, worse than version {previous.VersionId}: {detection.Reason}", sent.Id.Value, sent.Created);
        }

        var noted = open.Select(m => Note(m, AmendedKind, actor, now,
            $"The lab amended this result: {amendedTo}. Not worse, so nobody was paged again.")).ToList();
        await SaveAsync(Record(LabResultOutcome.AmendedNotWorse, open.LastOrDefault()?.Id.Value), noted, cancellationToken);
        Publish(open);
        var where = open.Count == 0 ? "no open message to note it on" : $"noted on message {string.Join(", ", open.Select(m => m.Id.Value))}";
        return new LabIntakeOutcome(reference, DetectionOutcome.None, $"amended, not worse than version {previous.VersionId}: {where}; nothing paged", null, false);
    }

    /// <summary>
    /// Tells the holders of the messages a withdrawal was noted on, once per person (the notice's dedupe key), and
    /// marks the record told. Called right after the withdrawal commits, and again by the sweep for any record a
    /// crash left untold.
    /// </summary>
    public async Task TellHoldersAsync(Guid recordId, CancellationToken cancellationToken = default)
    {
        LabResultRecord record;
        List<Message> open;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            record = await db.Set<LabResultRecord>().AsNoTracking().SingleAsync(r => r.Id == recordId, cancellationToken);
            var history = await db.Set<LabResultRecord>().AsNoTracking()
                .Where(r => r.SourceName == record.SourceName && r.Resource == record.Resource && r.Id != record.Id).ToListAsync(cancellationToken);
            open = await OpenMessagesAsync(history, cancellationToken);
        }

        foreach (var message in open)
        {
            var holders = Holders(message);
            await notices.SendAsync(holders, "lab-result", $"Lab result withdrawn: {message.Subject}",
                $"The lab marked this result {record.Status} at {Show(record.ReceivedAt)} ({record.Resource}, version {record.VersionId}). Nothing was paged; review and close the message.",
                $"/messages/{message.Id.Value}", $"lab-withdrawn:{record.Id}:{message.Id.Value}", cancellationToken);
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var tracked = await db.Set<LabResultRecord>().SingleAsync(r => r.Id == recordId, cancellationToken);
            tracked.HoldersTold(clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        Publish(open);
    }

    /// <summary>Withdrawals whose holders were not told yet (a crash between commit and notice): the sweep's backlog.</summary>
    public async Task<int> TellUntoldHoldersAsync(CancellationToken cancellationToken = default)
    {
        List<Guid> untold;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            untold = await db.Set<LabResultRecord>().AsNoTracking()
                .Where(r => r.Outcome == LabResultOutcome.Withdrawn && r.MessageId != null && r.HoldersToldAt == null)
                .OrderBy(r => r.ReceivedAt).Select(r => r.Id).Take(50).ToListAsync(cancellationToken);
        }

        foreach (var id in untold)
        {
            await TellHoldersAsync(id, cancellationToken);
        }

        return untold.Count;
    }

    private async Task<LabIntakeOutcome> WithdrawAsync(LabObservation observation, string reference, string? version, List<LabResultRecord> history,
        Func<LabResultOutcome, Guid?, LabResultRecord> record, CancellationToken cancellationToken)
    {
        var open = await OpenMessagesAsync(history, cancellationToken);
        var row = record(LabResultOutcome.Withdrawn, open.LastOrDefault()?.Id.Value);
        var notes = open.Select(m => Note(m, WithdrawnKind, row.ReceivedBy, row.ReceivedAt,
            $"The lab marked this result {observation.Status} at {Show(row.ReceivedAt)} ({reference}, version {version}). Nothing was paged; the message stays open for a person to close.")).ToList();
        if (!await SaveAsync(row, notes, cancellationToken))
        {
            return new LabIntakeOutcome(reference, DetectionOutcome.None, $"Status {observation.Status}: version {version} already received", null, false);
        }

        if (open.Count == 0)
        {
            return new LabIntakeOutcome(reference, DetectionOutcome.None, $"Status {observation.Status}: recorded; no open message", null, false);
        }

        try
        {
            await TellHoldersAsync(row.Id, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The withdrawal and its notes are committed; the sweep tells the holders on its next pass.
            logger.LogError(exception, "Could not tell the holders of {Resource} that it was withdrawn; the write-back sweep retries", reference);
        }

        return new LabIntakeOutcome(reference, DetectionOutcome.None,
            $"Status {observation.Status}: noted on message {string.Join(", ", open.Select(m => m.Id.Value))}; its holders were told; nothing paged", null, false);
    }

    /// <summary>The last version judged (a reportable status) since the last withdrawal: a result re-issued after being withdrawn is judged afresh.</summary>
    private static LabResultRecord? LastJudged(List<LabResultRecord> history)
    {
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].IsWithdrawn)
            {
                return null;
            }

            if (IsReportableStatus(history[i].Status))
            {
                return history[i];
            }
        }

        return null;
    }

    /// <summary>The messages sent for this result's versions that nobody has closed yet, oldest first.</summary>
    private async Task<List<Message>> OpenMessagesAsync(List<LabResultRecord> history, CancellationToken cancellationToken)
    {
        var ids = history.Where(r => r.Outcome is LabResultOutcome.Sent or LabResultOutcome.AmendedWorse && r.MessageId is not null)
            .Select(r => new MessageId(r.MessageId!.Value)).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var messages = await db.Messages.AsNoTracking().Include(m => m.Deliveries).Where(m => ids.Contains(m.Id) && m.State != MessageState.Closed).ToListAsync(cancellationToken);
        return messages.OrderBy(m => m.CreatedAt).ToList();
    }

    /// <summary>Saves the record and its notes in one transaction; false when the same version was recorded a moment ago by another request.</summary>
    private async Task<bool> SaveAsync(LabResultRecord row, IReadOnlyList<AuditRecord> notes, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(row);
        AuditWriter.Append(db, notes);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException) when (row.VersionId is not null)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            logger.LogInformation("{Resource} version {Version} from {Source} was recorded by a concurrent request", row.Resource, row.VersionId, row.SourceName);
            return false;
        }
    }

    private static AuditRecord Note(Message message, string kind, string actor, DateTimeOffset now, string detail) =>
        new(now, actor, kind, message.Id.Value, message.CurrentLayer, Detail: detail);

    /// <summary>Who holds a message now: whoever acknowledged it, else the current layer's recipients.</summary>
    private static List<string> Holders(Message message) =>
        message.State == MessageState.Acknowledged && message.AcknowledgedBy is { } by
            ? [by]
            : message.Deliveries.Where(d => d.Layer == (message.IsBroadcast ? 0 : message.CurrentLayer)).Select(d => d.RecipientId).Distinct().ToList();

    private void Publish(IEnumerable<Message> messages)
    {
        foreach (var message in messages)
        {
            notifier.Publish(new MessageChanged(message.Id, message.RecipientIds.Append(message.CreatedBy).Distinct().ToList(), message.State, message.CurrentLayer) { UnitId = message.UnitId });
        }
    }

    private static string ValueText(JudgedResult judged)
    {
        var value = judged.Value is { } v ? $"{v.ToString("G29", CultureInfo.InvariantCulture)} {judged.Unit}".TrimEnd() : "no value";
        return $"{value} ({judged.Flag.ToString().ToLowerInvariant()})";
    }

    private static string Show(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
