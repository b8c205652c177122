using Escalation.Domain.Common;
using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Roster;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// Runs every step of every message as one database transaction: load the message under its concurrency token,
/// let the aggregate decide, append the audit entries and outbox rows, commit. Whoever commits first wins (an ACK
/// or a deadline, on any node); the loser reloads and decides again on what is now true. Due deadlines are taken in
/// batches (<see cref="TakeDueStepsAsync"/>): a message's <c>DeadlineAt</c> is its timer, so no per-message trigger is
/// written. Only after commit are live screens told.
/// </summary>
public sealed class EscalationEngine(
    IDbContextFactory<EscalationDbContext> contexts,
    TimeProvider clock,
    EngineOptions options,
    EngineNotifier notifier,
    PatientDataProtector protector,
    ILogger<EscalationEngine> logger)
{
    private const int MaxAttempts = 8;

    // Ladder versions never change once written, so a version read once serves every later step of every message.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<LadderId, Ladder> _ladderVersions = new();

    public async Task<SendResult> SendAsync(SendMessage command, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (command.ExternalId is { Length: > 0 } externalId && await FindExternalAsync(db, command.Source, externalId, cancellationToken) is { } existing)
        {
            return new SendResult(existing, Created: false);
        }

        var (unitId, role) = await ResolveTargetAsync(db, command, cancellationToken);
        var draft = new MessageDraft(
            command.Tier,
            command.Subject,
            protector.Protect(command.Body ?? string.Empty),
            string.IsNullOrWhiteSpace(command.PatientRef) ? null : protector.Protect(command.PatientRef.Trim()),
            command.Source,
            command.ExternalId,
            unitId);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var roster = await RosterSnapshot.LoadAsync(db, unitId, now, cancellationToken);
        Message message;
        AuditRecord? answering = null;
        if (command.Broadcast)
        {
            if (command.Call is not null)
            {
                throw new EngineException("broadcast-call", "An answering-service call goes to one practice's ladder, not to a broadcast.");
            }

            if (role is null)
            {
                throw new EngineException("role-required", "A broadcast is sent to a role: give roleId.");
            }

            var holders = roster.Holders(role.Kind);
            if (holders.Count == 0)
            {
                throw new EngineException("no-one-on-duty", $"No one holds {role.Name} right now: the broadcast would reach nobody.");
            }

            message = Message.CreateBroadcast(draft, role.Id, holders, actor, now);
        }
        else
        {
            var policy = await db.TierPolicies.SingleAsync(p => p.Tier == command.Tier, cancellationToken);
            var ladder = await CurrentLadderAsync(db, command.LadderId ?? policy.LadderFamilyId, cancellationToken);
            message = Message.Create(draft, ladder, policy.Escalates, policy.RequiresAck, actor, now);
            if (command.Call is { } call)
            {
                answering = await Answering.AnsweringRouting.StartAsync(db, message, ladder, roster, call, protector, actor, options.RepageInterval, now, cancellationToken);
            }
            else if (command.StartAtRole && role is not null && ladder.Layers.ToList().FindIndex(l => l.Roles.Contains(role.Kind)) is var index and >= 0)
            {
                // Layers below are passed over; with nobody on duty at that layer it starts as usual.
                message.StartAt(index + 1, ladder, roster.Resolve, options.RepageInterval, now);
            }
            else
            {
                message.Start(ladder, roster.Resolve, options.RepageInterval, now);
            }
        }

        db.Messages.Add(message);
        // The message's own trace starts here (linked to the request that brought it); its steps and pages join it.
        using var intake = Telemetry.EscalationTelemetry.StartInMessageTrace("escalation.intake", message.Id, System.Diagnostics.ActivityKind.Server);
        intake?.SetTag("escalation.source", command.Source.ToString());
        intake?.SetTag("escalation.tier", command.Tier.ToString());
        await RecordAsync(db, message, now, cancellationToken);
        if (answering is not null)
        {
            AuditWriter.Append(db, [answering]);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (command.ExternalId is { Length: > 0 })
        {
            // Two requests with the same external id raced: the other one created the message.
            await transaction.RollbackAsync(CancellationToken.None);
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            var winner = await FindExternalAsync(again, command.Source, command.ExternalId, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return new SendResult(winner.Value, Created: false);
        }

        AfterCommit(message);
        Telemetry.EscalationTelemetry.Intake(command.Source);
        return new SendResult(message.Id, Created: true);
    }

    /// <summary>
    /// Explicit acknowledgment under <see cref="MessageAccess.MayAcknowledge"/>: a recipient for themself; somebody
    /// acting for the unit (its charge nurse, an administrator) on its behalf, audited as such. Compliance never.
    /// </summary>
    public Task<Result> AcknowledgeAsync(MessageId id, Caller caller, CancellationToken cancellationToken = default) =>
        MutateAsync(id, caller, MessageAccess.MayAcknowledge, (message, _, _, now) =>
            Task.FromResult(message.Acknowledge(caller.UserId, onBehalf: !message.RecipientIds.Contains(caller.UserId), now)), cancellationToken);

    /// <summary>Moves an open message to its next layer now (the board's "escalate now", the voice page's "press 2"), under <see cref="MessageAccess.MayEscalate"/>.</summary>
    public Task<Result> EscalateNowAsync(MessageId id, Caller caller, CancellationToken cancellationToken = default) =>
        MutateAsync(id, caller, MessageAccess.MayEscalate, async (message, ladder, db, now) =>
        {
            if (ladder is null)
            {
                return Result.Fail("not-escalating", "Only an open message that climbs a ladder can be escalated now.");
            }

            var roster = await RosterSnapshot.LoadAsync(db, message.UnitId, now, cancellationToken);
            return message.EscalateNow(ladder, roster.Resolve, options.RepageInterval, caller.UserId, now);
        }, cancellationToken);

    /// <summary>
    /// Hands the current layer to a named person (the board's "reassign"), under <see cref="MessageAccess.MayReassign"/>,
    /// and only to somebody <see cref="MessageAccess.MayReceiveAsync"/> allows: an active clinician holding a role in the unit.
    /// </summary>
    public Task<Result> ReassignAsync(MessageId id, string recipientId, Caller caller, CancellationToken cancellationToken = default) =>
        MutateAsync(id, caller, MessageAccess.MayReassign, async (message, ladder, db, now) =>
        {
            if (ladder is null)
            {
                return Result.Fail("not-open", "Only an open message on a layer can be reassigned.");
            }

            if (!await MessageAccess.MayReceiveAsync(db, message.UnitId, recipientId, now, cancellationToken))
            {
                return Result.Fail("not-eligible", "A message is reassigned only to an active clinician who holds a role in its unit.");
            }

            return message.Reassign(ladder, recipientId, caller.UserId, now);
        }, cancellationToken);

    /// <summary>Records that the caller opened the message: anyone who may see it (a look by somebody not paged is audited as such).</summary>
    public Task<Result> ReadAsync(MessageId id, Caller caller, CancellationToken cancellationToken = default) =>
        MutateAsync(id, caller, static (_, _) => Result.Ok, (message, _, _, now) =>
        {
            message.RecordRead(caller.UserId, now);
            return Task.FromResult(Result.Ok);
        }, cancellationToken);

    /// <summary>Closes a message with its outcome, under <see cref="MessageAccess.MayClose"/>; the note is stored encrypted.</summary>
    public Task<Result> CloseAsync(MessageId id, Caller caller, CloseOutcome outcome, string? note, CancellationToken cancellationToken = default)
    {
        if (Message.CheckCloseNote(note) is { Succeeded: false } tooLong)
        {
            return Task.FromResult(tooLong);
        }

        var trimmed = note?.Trim();

        var protectedNote = string.IsNullOrEmpty(trimmed) ? (ProtectedText?)null : protector.Protect(trimmed);
        return MutateAsync(id, caller, MessageAccess.MayClose, (message, _, _, now) => Task.FromResult(message.Close(caller.UserId, outcome, protectedNote, now)), cancellationToken);
    }

    /// <summary>
    /// One message's deadline, in its own transaction: the fallback for a batch that failed, and the way tests fire
    /// exactly the step they mean to. Early, late, duplicate and stale fires change nothing.
    /// </summary>
    public async Task<DeadlineOutcome> FireDeadlineAsync(MessageId id, CancellationToken cancellationToken = default)
    {
        var outcome = DeadlineOutcome.NotDue;
        TimeSpan? lateness = null;
        var layer = 0;
        await MutateAsync(id, async (message, ladder, db, now) =>
        {
            if (ladder is null)
            {
                outcome = DeadlineOutcome.NotDue;
                return Result.Ok;
            }

            var roster = await RosterSnapshot.LoadAsync(db, message.UnitId, now, cancellationToken);
            var dueAt = message.DeadlineAt;
            outcome = message.OnDeadline(ladder, roster.Resolve, options.RepageInterval, now);
            (lateness, layer) = (now - dueAt, message.CurrentLayer);
            return Result.Ok;
        }, cancellationToken);
        // After the last attempt only, so a retried transaction is not counted twice.
        if (outcome != DeadlineOutcome.NotDue && lateness is { } late)
        {
            StepCommitted(id, outcome, late, layer);
        }

        return outcome;
    }

    /// <summary>
    /// Takes every step due now, in batches of <see cref="EngineOptions.DueStepBatchSize"/>, until none is left
    /// (<see cref="DueStepJob"/> calls this). Returns the steps taken.
    /// </summary>
    public async Task<IReadOnlyList<DueStep>> TakeDueStepsAsync(CancellationToken cancellationToken = default)
    {
        var taken = new List<DueStep>();
        while (true)
        {
            var batch = await TakeDueBatchAsync(clock.GetUtcNow(), options.DueStepBatchSize, cancellationToken);
            taken.AddRange(batch.Where(s => s.Outcome != DeadlineOutcome.NotDue));
            // A short batch means nothing due is left unclaimed; a batch that moved nothing (every message in it
            // failing) must not spin: the next run, or the auditor, tries again.
            if (batch.Count < options.DueStepBatchSize || batch.All(s => s.Outcome == DeadlineOutcome.NotDue))
            {
                return taken;
            }
        }
    }

    /// <summary>
    /// The safety net: open messages whose deadline passed more than the grace period ago without a step (the due-step
    /// job not running, a batch that failed, a node that died mid-batch), up to <see cref="EngineOptions.AuditorBatchSize"/>
    /// per pass, taken through the same claimed batches. Returns how many it moved.
    /// </summary>
    public async Task<int> SweepOverdueAsync(CancellationToken cancellationToken = default)
    {
        var moved = 0;
        var claimed = 0;
        while (claimed < options.AuditorBatchSize)
        {
            var size = Math.Min(options.DueStepBatchSize, options.AuditorBatchSize - claimed);
            var batch = await TakeDueBatchAsync(clock.GetUtcNow() - options.AuditorGrace, size, cancellationToken);
            claimed += batch.Count;
            var batchMoved = batch.Count(s => s.Outcome != DeadlineOutcome.NotDue);
            moved += batchMoved;
            if (batch.Count < size || batchMoved == 0)
            {
                break;
            }
        }

        if (moved > 0)
        {
            logger.LogWarning("The auditor fired {Count} overdue step(s) that the due-step job had not taken", moved);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // One atomic increment: several nodes may be counting at once.
            await db.EngineCounters.Where(c => c.Name == EngineCounter.AuditorFired)
                .ExecuteUpdateAsync(c => c.SetProperty(x => x.Value, x => x.Value + moved), cancellationToken);
        }

        return moved;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> open messages due by <paramref name="cutoff"/> (oldest deadline first) so
    /// no other node takes them, lets each one's aggregate decide its step exactly as <see cref="FireDeadlineAsync"/>
    /// would, and commits the steps, their audit entries and outbox rows in one transaction. If anything in the batch
    /// fails, the transaction rolls back and each claimed message is fired in its own transaction instead, so one bad
    /// message costs the others nothing.
    /// </summary>
    private async Task<IReadOnlyList<DueStep>> TakeDueBatchAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        List<MessageId> claimed;
        var steps = new List<DueStep>();
        var changed = new List<Message>();
        var committed = new List<(MessageId Id, DeadlineOutcome Outcome, TimeSpan Late, int Layer)>();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            claimed = await DueStepClaim.ClaimAsync(db, cutoff, limit, cancellationToken);
            if (claimed.Count == 0)
            {
                return steps;
            }

            try
            {
                var messages = await db.Messages.Include(m => m.Deliveries).Where(m => claimed.Contains(m.Id)).ToListAsync(cancellationToken);
                var now = clock.GetUtcNow();
                // One roster read per unit per batch: every step of the batch is decided at the same instant.
                var rosters = new Dictionary<UnitId, RosterSnapshot>();
                foreach (var message in messages.OrderBy(m => m.DeadlineAt))
                {
                    var outcome = DeadlineOutcome.NotDue;
                    if (message.LadderId is { } ladderId)
                    {
                        var ladder = await LadderVersionAsync(db, ladderId, cancellationToken);
                        if (!rosters.TryGetValue(message.UnitId, out var roster))
                        {
                            roster = await RosterSnapshot.LoadAsync(db, message.UnitId, now, cancellationToken);
                            rosters[message.UnitId] = roster;
                        }

                        var dueAt = message.DeadlineAt;
                        outcome = message.OnDeadline(ladder, roster.Resolve, options.RepageInterval, now);
                        if (outcome != DeadlineOutcome.NotDue && dueAt is { } due)
                        {
                            committed.Add((message.Id, outcome, now - due, message.CurrentLayer));
                        }
                    }

                    steps.Add(new DueStep(message.Id, outcome));
                    if (message.Events.Count > 0)
                    {
                        await RecordAsync(db, message, now, cancellationToken);
                        changed.Add(message);
                    }
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                foreach (var (stepId, stepOutcome, late, layer) in committed)
                {
                    StepCommitted(stepId, stepOutcome, late, layer);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "A batch of {Count} due step(s) failed; taking each in its own transaction", claimed.Count);
                changed.Clear();
                steps.Clear();
            }
        }

        if (steps.Count == 0)
        {
            // The batch rolled back (its claims with it): one transaction per message, each deciding again on what is
            // true now, so a message that fails again fails alone and stays due for the next run and the auditor.
            foreach (var id in claimed)
            {
                try
                {
                    steps.Add(new DueStep(id, await FireDeadlineAsync(id, cancellationToken)));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "The due step of {MessageId} failed; it stays due and is tried again", id);
                    steps.Add(new DueStep(id, DeadlineOutcome.NotDue));
                }
            }

            return steps;
        }

        foreach (var message in changed)
        {
            AfterCommit(message);
        }

        return steps;
    }

    /// <summary>
    /// A step the system takes on its own (the forgotten-acknowledgment sweep): decided by the aggregate on the message
    /// as this transaction reads it, committed under its concurrency token, audited and queued like any other step.
    /// </summary>
    internal Task<Result> SystemStepAsync(MessageId id, Func<Message, DateTimeOffset, Result> change, CancellationToken cancellationToken) =>
        MutateAsync(id, (message, _, _, now) => Task.FromResult(change(message, now)), cancellationToken);

    /// <summary>
    /// A person's step: decided on the message as this transaction reads it. A message the caller may not see is
    /// "not found", as if it did not exist; one they see but may not change is refused with the rule's own code.
    /// </summary>
    private Task<Result> MutateAsync(
        MessageId id,
        Caller caller,
        Func<Caller, Message, Result> rule,
        Func<Message, Ladder?, EscalationDbContext, DateTimeOffset, Task<Result>> change,
        CancellationToken cancellationToken) =>
        MutateAsync(id, (message, ladder, db, now) =>
        {
            if (!MessageAccess.MayView(caller, message))
            {
                return Task.FromResult(Result.Fail("not-found", "No such message."));
            }

            var allowed = rule(caller, message);
            return allowed.Succeeded ? change(message, ladder, db, now) : Task.FromResult(allowed);
        }, cancellationToken);

    private async Task<Result> MutateAsync(
        MessageId id,
        Func<Message, Ladder?, EscalationDbContext, DateTimeOffset, Task<Result>> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var message = await db.Messages.Include(m => m.Deliveries).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
            if (message is null)
            {
                return Result.Fail("not-found", "No such message.");
            }

            var ladder = message.LadderId is { } ladderId ? await LadderVersionAsync(db, ladderId, cancellationToken) : null;
            var now = clock.GetUtcNow();
            var result = await change(message, ladder, db, now);
            if (message.Events.Count == 0)
            {
                return result;
            }

            await RecordAsync(db, message, now, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException exception) when (attempt < MaxAttempts && IsLostRace(exception))
            {
                // Somebody else committed a step of this message first (its revision moved, or its pages for this
                // step already exist); decide again on what is true now.
                continue;
            }

            AfterCommit(message);
            return result;
        }
    }

    /// <summary>
    /// A conflict with a step another node committed first: the concurrency token, or the unique key of a delivery
    /// or outbox page (PostgreSQL may report the duplicate page before the stale revision).
    /// </summary>
    private static bool IsLostRace(DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException
        || exception.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation }
        || exception.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }
        // SQL Server: 2627 a duplicate primary key or unique constraint, 2601 a duplicate in a unique index.
        || exception.InnerException is Microsoft.Data.SqlClient.SqlException { Number: 2627 or 2601 };

    /// <summary>Audit entries and outbox rows for what the aggregate raised, in the same transaction.</summary>
    private async Task RecordAsync(EscalationDbContext db, Message message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var records = message.Events
            .Select(e => new AuditRecord(e.At, e.Actor, e.Kind.ToString(), e.MessageId.Value, e.Layer, e.Channel?.ToString(),
                AuditDetail.WithRecipient(e.Detail, e.RecipientId)))
            .ToList();
        AuditWriter.Append(db, records);
        foreach (var delivery in message.Events.Where(e => e.Delivery is not null).Select(e => e.Delivery!))
        {
            db.Outbox.Add(new OutboxItem(delivery, now));
        }

        // A clinical message reaching Layer 4 opens its near-miss review in the same transaction: once, whatever
        // re-pages follow (the unique message index settles a race like any other lost step).
        var layer4 = message.Events.FirstOrDefault(e => e.Kind == MessageEventKind.LayerStarted && e.Layer >= Compliance.NearMissReview.Layer);
        if (layer4 is not null && !message.IsDrill && !await db.Set<Compliance.NearMissReview>().AnyAsync(r => r.MessageId == message.Id, cancellationToken))
        {
            db.Add(new Compliance.NearMissReview(message.Id, layer4.At));
        }
    }

    /// <summary>
    /// Telemetry of a committed deadline step (issue 18), batch or single: its span in the message's trace and its
    /// lateness. After commit only, so a batch that rolls back and is taken again message by message counts once.
    /// </summary>
    private static void StepCommitted(MessageId id, DeadlineOutcome outcome, TimeSpan lateness, int layer)
    {
        using var span = Telemetry.EscalationTelemetry.StartInMessageTrace("escalation.step", id);
        span?.SetTag("escalation.outcome", outcome.ToString());
        span?.SetTag("escalation.layer", layer);
        Telemetry.EscalationTelemetry.StepTaken(lateness, layer);
    }

    /// <summary>Tells live screens; a subscriber that throws cannot fail a committed step (see <see cref="EngineNotifier"/>).</summary>
    private void AfterCommit(Message message)
    {
        notifier.Publish(new MessageChanged(message.Id, message.RecipientIds.ToList(), message.State, message.CurrentLayer) { UnitId = message.UnitId });
        message.ClearEvents();
    }

    private async Task<Ladder> LadderVersionAsync(EscalationDbContext db, LadderId id, CancellationToken cancellationToken)
    {
        if (_ladderVersions.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var ladder = await db.Ladders.AsNoTracking().SingleAsync(l => l.Id == id, cancellationToken);
        _ladderVersions.TryAdd(id, ladder);
        return ladder;
    }

    private static async Task<MessageId?> FindExternalAsync(EscalationDbContext db, MessageSource source, string externalId, CancellationToken cancellationToken)
    {
        var trimmed = externalId.Trim();
        var found = await db.Messages.Where(m => m.Source == source && m.ExternalId == trimmed).Select(m => (MessageId?)m.Id).FirstOrDefaultAsync(cancellationToken);
        return found;
    }

    private static async Task<(UnitId Unit, ClinicalRole? Role)> ResolveTargetAsync(EscalationDbContext db, SendMessage command, CancellationToken cancellationToken)
    {
        if (command.RoleId is { } roleId)
        {
            var role = await db.ClinicalRoles.SingleOrDefaultAsync(r => r.Id == new ClinicalRoleId(roleId), cancellationToken)
                ?? throw new EngineException("unknown-role", $"No clinical role {roleId}.");
            if (command.UnitId is { } unit && unit != role.UnitId.Value)
            {
                throw new EngineException("role-not-in-unit", "The role belongs to another unit.");
            }

            return (role.UnitId, role);
        }

        if (command.UnitId is { } unitId)
        {
            var exists = await db.Units.AnyAsync(u => u.Id == new UnitId(unitId), cancellationToken);
            return exists ? (new UnitId(unitId), null) : throw new EngineException("unknown-unit", $"No unit {unitId}.");
        }

        throw new EngineException("target-required", "Give a unitId or a roleId.");
    }

    private static async Task<Ladder> CurrentLadderAsync(EscalationDbContext db, Guid familyOrVersionId, CancellationToken cancellationToken)
    {
        var ladder = await db.Ladders.Where(l => l.FamilyId == familyOrVersionId && l.IsCurrent).SingleOrDefaultAsync(cancellationToken)
            ?? await db.Ladders.Where(l => l.Id == new LadderId(familyOrVersionId) && l.IsCurrent).SingleOrDefaultAsync(cancellationToken);
        return ladder ?? throw new EngineException("unknown-ladder", $"No ladder {familyOrVersionId}.");
    }
}
