using Escalation.Domain.Audit;
using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Engine;

namespace Escalation.Tests.Engine;

/// <summary>
/// The engine's scenarios, in the spirit of GoAlert's smoke tests, on a real database and a test clock.
/// Each subclass runs them on one provider.
/// </summary>
public abstract class EscalationScenarioTests(DatabaseProvider provider) : IAsyncLifetime
{
    protected EngineHarness Harness { get; private set; } = default!;

    public async Task InitializeAsync() => Harness = await EngineHarness.CreateAsync(provider);

    public async Task DisposeAsync() => await Harness.DisposeAsync();

    [Fact]
    public async Task Critical_StartsAtLayer1_WithTheRolesHolder_AndArmsItsThreeMinuteDeadline()
    {
        var start = Harness.Clock.GetUtcNow();

        var id = await Harness.SendAsync(Tier.Critical);

        var message = await Harness.LoadAsync(id);
        Assert.Equal(MessageState.Open, message.State);
        Assert.Equal(1, message.CurrentLayer);
        Assert.Equal(start + TimeSpan.FromMinutes(3), message.DeadlineAt);
        Assert.Equal(message.DeadlineAt, Harness.Deadlines.Armed[id]);
        Assert.Equal(["nurse"], message.Deliveries.Select(d => d.RecipientId).Distinct());
        Assert.Equal(["Created", "LayerStarted", "Delivered"], await Harness.AuditKindsAsync(id));
    }

    [Fact]
    public async Task Timeout_EscalatesToTheNextLayersCurrentHolder()
    {
        var id = await Harness.SendAsync(Tier.Critical);

        Assert.Equal(DeadlineOutcome.Escalated, await Harness.ReachDeadlineAsync(id));

        var message = await Harness.LoadAsync(id);
        Assert.Equal(2, message.CurrentLayer);
        Assert.Contains(message.Deliveries, d => d.Layer == 2 && d.RecipientId == "charge");
        Assert.Equal(Harness.Clock.GetUtcNow() + TimeSpan.FromMinutes(5), message.DeadlineAt);
        Assert.Contains("Escalated", await Harness.AuditKindsAsync(id));
    }

    [Fact]
    public async Task Timeouts_ClimbTheWholeCriticalLadder_WithLayer3FallingBackToOnCall_AndLayer4PagingEveryChannel()
    {
        await Harness.UnassignAllAsync(ClinicalRoleKind.Attending);
        await Harness.AssignAsync("oncall", ClinicalRoleKind.OnCallPhysician);
        var id = await Harness.SendAsync(Tier.Critical);

        await Harness.ReachDeadlineAsync(id);
        await Harness.ReachDeadlineAsync(id);
        var layer3 = await Harness.LoadAsync(id);
        await Harness.ReachDeadlineAsync(id);
        var layer4 = await Harness.LoadAsync(id);

        Assert.Contains(layer3.Deliveries, d => d.Layer == 3 && d.RecipientId == "oncall");
        Assert.Equal(4, layer4.CurrentLayer);
        Assert.Equal(
            [Channels.Inbox, Channels.Sms, Channels.Voice],
            layer4.Deliveries.Where(d => d.Layer == 4).Select(d => d.Channel).Order());
        Assert.All(layer4.Deliveries.Where(d => d.Layer == 4), d => Assert.Equal("head", d.RecipientId));
    }

    [Fact]
    public async Task DeadlineFiredEarly_ChangesNothing_AndArmsTheTriggerAgain()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        var deadline = (await Harness.LoadAsync(id)).DeadlineAt!.Value;
        await Harness.Deadlines.CancelAsync(id, CancellationToken.None);
        Harness.Clock.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromMilliseconds(5));

        var outcome = await Harness.Engine.FireDeadlineAsync(id);

        Assert.Equal(DeadlineOutcome.NotDue, outcome);
        Assert.Equal(deadline, Harness.Deadlines.Armed[id]);
        Assert.Equal(1, (await Harness.LoadAsync(id)).CurrentLayer);
    }

    [Fact]
    public async Task Acknowledge_StopsTheLadder()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        Harness.Clock.Advance(TimeSpan.FromMinutes(1));

        var result = await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse"));
        Harness.Clock.Advance(TimeSpan.FromMinutes(30));
        var late = await Harness.Engine.FireDeadlineAsync(id);

        Assert.True(result.Succeeded);
        Assert.Equal(DeadlineOutcome.NotDue, late);
        var message = await Harness.LoadAsync(id);
        Assert.Equal(MessageState.Acknowledged, message.State);
        Assert.Equal("nurse", message.AcknowledgedBy);
        Assert.Null(message.DeadlineAt);
        Assert.False(Harness.Deadlines.Armed.ContainsKey(id));
        Assert.Equal(1, message.CurrentLayer);
    }

    [Fact]
    public async Task AckAndDeadlineAtTheSameInstant_AckCommittedFirst_Wins()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        Harness.Clock.Advance(TimeSpan.FromMinutes(3));

        var ack = await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse"));
        var fire = await Harness.Engine.FireDeadlineAsync(id);

        Assert.True(ack.Succeeded);
        Assert.Equal(DeadlineOutcome.NotDue, fire);
        var message = await Harness.LoadAsync(id);
        Assert.Equal(MessageState.Acknowledged, message.State);
        Assert.Equal(1, message.CurrentLayer);
        Assert.DoesNotContain(message.Deliveries, d => d.Layer == 2);
    }

    [Fact]
    public async Task AckAndDeadlineAtTheSameInstant_DeadlineCommittedFirst_EscalatesAndTheLateAckStillStopsEverythingAfter()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        Harness.Clock.Advance(TimeSpan.FromMinutes(3));

        var fire = await Harness.Engine.FireDeadlineAsync(id);
        var ack = await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse"));
        Harness.Clock.Advance(TimeSpan.FromMinutes(10));
        var later = await Harness.Engine.FireDeadlineAsync(id);

        Assert.Equal(DeadlineOutcome.Escalated, fire);
        Assert.True(ack.Succeeded);
        Assert.Equal(DeadlineOutcome.NotDue, later);
        var message = await Harness.LoadAsync(id);
        Assert.Equal(MessageState.Acknowledged, message.State);
        Assert.Equal(2, message.CurrentLayer);
        Assert.DoesNotContain(message.Deliveries, d => d.Layer == 3);
    }

    [Fact]
    public async Task AckRacingTheDeadline_EndsWithOneConsistentWinner_EveryTime()
    {
        var ids = new List<MessageId>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await Harness.SendAsync(Tier.Critical));
        }

        Harness.Clock.Advance(TimeSpan.FromMinutes(3));
        var second = Harness.NewEngine();
        await Task.WhenAll(ids.SelectMany(id => new Task[]
        {
            Task.Run(() => Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse"))),
            Task.Run(() => second.FireDeadlineAsync(id)),
        }));

        foreach (var id in ids)
        {
            var message = await Harness.LoadAsync(id);
            var kinds = await Harness.AuditKindsAsync(id);
            Assert.Equal(MessageState.Acknowledged, message.State);
            Assert.Equal(1, kinds.Count(k => k == "Acknowledged"));
            Assert.True(kinds.Count(k => k == "Escalated") <= 1);
            // Whatever won, nothing happened after the acknowledgment.
            Assert.Equal("Acknowledged", kinds.Last());
        }
    }

    [Fact]
    public async Task ReadWithoutAck_DoesNotStopACriticalEscalation()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        Harness.Clock.Advance(TimeSpan.FromMinutes(1));

        await Harness.Engine.ReadAsync(id, Callers.Clinician("nurse"));
        var outcome = await Harness.ReachDeadlineAsync(id);

        Assert.Equal(DeadlineOutcome.Escalated, outcome);
        var message = await Harness.LoadAsync(id);
        Assert.NotNull(message.Deliveries.Single(d => d.Layer == 1 && d.RecipientId == "nurse").ReadAt);
        Assert.Equal(MessageState.Open, message.State);
        Assert.Equal(["Created", "LayerStarted", "Delivered", "Read", "Escalated", "LayerStarted", "Delivered"], await Harness.AuditKindsAsync(id));
    }

    [Fact]
    public async Task RoleWithNobodyOnDuty_IsSkippedAtOnce_AndAudited()
    {
        await Harness.UnassignAllAsync(ClinicalRoleKind.PrimaryNurse);

        var id = await Harness.SendAsync(Tier.Critical);

        var message = await Harness.LoadAsync(id);
        Assert.Equal(2, message.CurrentLayer);
        Assert.Equal(["charge"], message.Deliveries.Select(d => d.RecipientId).Distinct());
        var skipped = (await Harness.AuditAsync(id)).Single(e => e.Kind == "LayerSkipped");
        Assert.Equal(1, skipped.Layer);
        Assert.Contains("No one on duty for Primary nurse", skipped.Detail);
    }

    [Fact]
    public async Task AssignmentThatEnded_NoLongerReceives_AndTheNextHolderDoes()
    {
        await Harness.UnassignAllAsync(ClinicalRoleKind.ChargeNurse);
        var now = Harness.Clock.GetUtcNow();
        await Harness.AssignAsync("charge", ClinicalRoleKind.ChargeNurse, until: now + TimeSpan.FromMinutes(2));
        await Harness.AssignAsync("nurse2", ClinicalRoleKind.ChargeNurse, from: now + TimeSpan.FromMinutes(2));
        var id = await Harness.SendAsync(Tier.Critical);

        await Harness.ReachDeadlineAsync(id);

        var message = await Harness.LoadAsync(id);
        Assert.Equal(["nurse2"], message.Deliveries.Where(d => d.Layer == 2).Select(d => d.RecipientId).Distinct());
    }

    [Fact]
    public async Task Routine_GoesToLayer1AndNeverEscalates()
    {
        var id = await Harness.SendAsync(Tier.Routine);
        Harness.Clock.Advance(TimeSpan.FromHours(6));

        var outcome = await Harness.Engine.FireDeadlineAsync(id);
        var swept = await Harness.Engine.SweepOverdueAsync();

        var message = await Harness.LoadAsync(id);
        Assert.Equal(DeadlineOutcome.NotDue, outcome);
        Assert.Equal(0, swept);
        Assert.Equal(1, message.CurrentLayer);
        Assert.Null(message.DeadlineAt);
        Assert.False(Harness.Deadlines.Armed.ContainsKey(id));
        Assert.True((await Harness.Engine.CloseAsync(id, Callers.Clinician("nurse"), CloseOutcome.ActionTaken, null)).Succeeded);
    }

    [Fact]
    public async Task Broadcast_ReachesEveryHolderAtOnce_TracksEachAck_AndNeverEscalates()
    {
        await Harness.AssignAsync("nurse2", ClinicalRoleKind.PrimaryNurse);

        var id = await Harness.SendAsync(Tier.Urgent, broadcast: true, role: ClinicalRoleKind.PrimaryNurse);
        var first = await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse"));
        var afterFirst = await Harness.LoadAsync(id);
        var second = await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse2"));
        var afterBoth = await Harness.LoadAsync(id);

        Assert.True(afterFirst.IsBroadcast);
        Assert.Equal(["nurse", "nurse2"], afterFirst.Deliveries.Select(d => d.RecipientId).Order());
        Assert.Null(afterFirst.DeadlineAt);
        Assert.True(first.Succeeded && second.Succeeded);
        Assert.Equal(MessageState.Open, afterFirst.State);
        Assert.NotNull(afterFirst.Deliveries.Single(d => d.RecipientId == "nurse").AcknowledgedAt);
        Assert.Null(afterFirst.Deliveries.Single(d => d.RecipientId == "nurse2").AcknowledgedAt);
        Assert.Equal(MessageState.Acknowledged, afterBoth.State);
        Assert.False(Harness.Deadlines.Armed.ContainsKey(id));
    }

    [Fact]
    public async Task Broadcast_ToARoleNobodyHolds_IsRefused_AndCreatesNothing()
    {
        await Harness.UnassignAllAsync(ClinicalRoleKind.OnCallPhysician);

        var error = await Assert.ThrowsAsync<EngineException>(() => Harness.SendAsync(Tier.Urgent, broadcast: true, role: ClinicalRoleKind.OnCallPhysician));

        Assert.Equal("no-one-on-duty", error.Code);
        await using var db = Harness.NewContext();
        Assert.Equal(0, await db.Messages.CountAsync());
    }

    [Fact]
    public async Task LastLayerTimingOut_ExhaustsTheMessage_WhichRepagesEveryTwoMinutesUntilAcknowledged()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        for (var layer = 1; layer <= 3; layer++)
        {
            await Harness.ReachDeadlineAsync(id);
        }

        Assert.Equal(DeadlineOutcome.Exhausted, await Harness.ReachDeadlineAsync(id));
        var exhausted = await Harness.LoadAsync(id);
        Assert.Equal(DeadlineOutcome.Repaged, await Harness.ReachDeadlineAsync(id));
        Assert.Equal(DeadlineOutcome.Repaged, await Harness.ReachDeadlineAsync(id));
        var repaged = await Harness.LoadAsync(id);
        await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("head"));
        Harness.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.True(exhausted.IsExhausted);
        Assert.Equal(MessageState.Open, exhausted.State);
        Assert.Equal(Harness.Clock.GetUtcNow() - TimeSpan.FromMinutes(10), repaged.DeadlineAt - TimeSpan.FromMinutes(2));
        Assert.Equal([0, 1, 2, 3], repaged.Deliveries.Where(d => d.Layer == 4 && d.Channel == Channels.Inbox).Select(d => d.Page).Order());
        Assert.Equal(DeadlineOutcome.NotDue, await Harness.Engine.FireDeadlineAsync(id));
        var kinds = await Harness.AuditKindsAsync(id);
        Assert.Equal(1, kinds.Count(k => k == "Exhausted"));
        Assert.Equal(3, kinds.Count(k => k == "Repaged"));
    }

    [Fact]
    public async Task NobodyOnDutyOnAnyLayer_IsFlaggedAtOnce_AndPicksUpWhoeverComesOnDuty()
    {
        foreach (var role in Harness.Unit.Roles)
        {
            await Harness.UnassignAllAsync(role.Kind);
        }

        var id = await Harness.SendAsync(Tier.Critical);
        var flagged = await Harness.LoadAsync(id);
        var audit = await Harness.AuditAsync(id);
        await Harness.AssignAsync("charge", ClinicalRoleKind.ChargeNurse);
        var pickUp = await Harness.ReachDeadlineAsync(id);
        var picked = await Harness.LoadAsync(id);
        await Harness.AssignAsync("head", ClinicalRoleKind.DepartmentHead);
        var climb = await Harness.ReachDeadlineAsync(id);
        var climbed = await Harness.LoadAsync(id);

        Assert.True(flagged.IsExhausted);
        Assert.Equal(0, flagged.CurrentLayer);
        Assert.NotNull(flagged.DeadlineAt);
        Assert.Equal([1, 2, 3, 4], audit.Where(e => e.Kind == "LayerSkipped").Select(e => e.Layer!.Value));
        Assert.Contains(audit, e => e.Kind == "Exhausted" && e.Detail == "No one on duty on any layer");
        Assert.Equal(DeadlineOutcome.Escalated, pickUp);
        Assert.Equal(2, picked.CurrentLayer);
        Assert.False(picked.IsExhausted);
        Assert.Equal(["charge"], picked.Deliveries.Select(d => d.RecipientId).Distinct());
        // Once somebody is on duty the message climbs again (layer 3 is still empty, so it goes on to the head).
        Assert.Equal(DeadlineOutcome.Escalated, climb);
        Assert.Equal(4, climbed.CurrentLayer);
    }

    [Fact]
    public async Task ExhaustedMessage_ClimbsToALaterLayerAsSoonAsSomebodyIsOnDutyThere()
    {
        await Harness.UnassignAllAsync(ClinicalRoleKind.DepartmentHead);
        var id = await Harness.SendAsync(Tier.Critical);
        await Harness.ReachDeadlineAsync(id);
        await Harness.ReachDeadlineAsync(id);
        var exhausted = await Harness.ReachDeadlineAsync(id);
        await Harness.AssignAsync("head", ClinicalRoleKind.DepartmentHead);

        var next = await Harness.ReachDeadlineAsync(id);

        Assert.Equal(DeadlineOutcome.Exhausted, exhausted);
        Assert.Equal(DeadlineOutcome.Escalated, next);
        var message = await Harness.LoadAsync(id);
        Assert.Equal(4, message.CurrentLayer);
        Assert.False(message.IsExhausted);
        Assert.Contains(message.Deliveries, d => d.Layer == 4 && d.RecipientId == "head");
    }

    [Fact]
    public async Task LadderEditedMidFlight_TheMessageKeepsTheVersionItStartedWith()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        await using (var db = Harness.NewContext())
        {
            var current = await db.Ladders.SingleAsync(l => l.Name == Ladder.Defaults.CriticalName && l.IsCurrent);
            var faster = current.Revise(current.Name,
                [new Layer([ClinicalRoleKind.DepartmentHead], TimeSpan.FromMinutes(1), Channels.Inbox)], "admin", "Straight to the head", Harness.Clock.GetUtcNow());
            db.Ladders.Add(faster);
            await db.SaveChangesAsync();
        }

        await Harness.ReachDeadlineAsync(id);
        var inFlight = await Harness.LoadAsync(id);
        var fresh = await Harness.LoadAsync(await Harness.SendAsync(Tier.Critical));

        Assert.Equal(2, inFlight.CurrentLayer);
        Assert.Contains(inFlight.Deliveries, d => d.Layer == 2 && d.RecipientId == "charge");
        Assert.NotEqual(inFlight.LadderId, fresh.LadderId);
        Assert.Equal(["head"], fresh.Deliveries.Select(d => d.RecipientId).Distinct());
    }

    [Fact]
    public async Task EscalateNow_MovesToTheNextLayerAtOnce_AuditedAsWhoDidIt_AndArmsTheNewDeadline()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        Harness.Clock.Advance(TimeSpan.FromMinutes(1));

        var result = await Harness.Engine.EscalateNowAsync(id, Callers.ChargeNurse("charge", Harness.Unit.Id));

        Assert.True(result.Succeeded);
        var message = await Harness.LoadAsync(id);
        Assert.Equal(2, message.CurrentLayer);
        Assert.Contains(message.Deliveries, d => d.Layer == 2 && d.RecipientId == "charge");
        Assert.Equal(Harness.Clock.GetUtcNow() + TimeSpan.FromMinutes(5), message.DeadlineAt);
        var audit = await Harness.AuditAsync(id);
        Assert.Contains(audit, e => e.Kind == "EscalatedByHand" && e.Layer == 1);
        await using var db = Harness.NewContext();
        Assert.Equal("charge", await db.AuditEntries.Where(e => e.MessageId == id.Value && e.Kind == "EscalatedByHand").Select(e => e.Actor).SingleAsync());
    }

    [Fact]
    public async Task EscalateNow_OfAnAcknowledgedMessage_IsRefused_AndChangesNothing()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse"));

        var result = await Harness.Engine.EscalateNowAsync(id, Callers.ChargeNurse("charge", Harness.Unit.Id));

        Assert.Equal("not-escalating", result.Code);
        Assert.Equal(1, (await Harness.LoadAsync(id)).CurrentLayer);
        Assert.DoesNotContain("EscalatedByHand", await Harness.AuditKindsAsync(id));
    }

    [Fact]
    public async Task Reassign_PagesTheNamedPersonOnTheCurrentLayer_WithTheLayersFullTimeout()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        Harness.Clock.Advance(TimeSpan.FromMinutes(2));

        var result = await Harness.Engine.ReassignAsync(id, "nurse2", Callers.ChargeNurse("charge", Harness.Unit.Id));
        var again = await Harness.Engine.ReassignAsync(id, "nurse2", Callers.ChargeNurse("charge", Harness.Unit.Id));

        Assert.True(result.Succeeded);
        Assert.Equal("already-recipient", again.Code);
        var message = await Harness.LoadAsync(id);
        Assert.Equal(1, message.CurrentLayer);
        Assert.Equal(["nurse", "nurse2"], message.Deliveries.Where(d => d.Layer == 1).Select(d => d.RecipientId).Distinct().Order());
        Assert.Equal(Harness.Clock.GetUtcNow() + TimeSpan.FromMinutes(3), message.DeadlineAt);
        Assert.Contains(await Harness.AuditAsync(id), e => e.Kind == "Reassigned" && e.Detail!.Contains("recipient nurse2"));
        Assert.True((await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse2"))).Succeeded);
    }

    [Fact]
    public async Task SameExternalIdTwice_CreatesOneMessage()
    {
        var first = await Harness.Engine.SendAsync(new SendMessage(Tier.Critical, "K+ 6.9", "body", null, Harness.Unit.Id.Value, null, null, MessageSource.Ehr, "lab-123"), "ehr");
        var again = await Harness.Engine.SendAsync(new SendMessage(Tier.Critical, "K+ 6.9", "body", null, Harness.Unit.Id.Value, null, null, MessageSource.Ehr, "lab-123"), "ehr");
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            Harness.Engine.SendAsync(new SendMessage(Tier.Critical, "Na 118", "body", null, Harness.Unit.Id.Value, null, null, MessageSource.Ehr, "lab-456"), "ehr"))));

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Id, again.Id);
        Assert.Single(concurrent.Select(r => r.Id).Distinct());
        Assert.Single(concurrent, r => r.Created);
        await using var db = Harness.NewContext();
        Assert.Equal(2, await db.Messages.CountAsync());
    }

    [Fact]
    public async Task Clinician_CannotAcknowledgeAMessageNotDeliveredToThem_ButTheChargeNurseMayOnTheUnitsBehalf()
    {
        // Sent by the doctor, so the doctor sees it without being paged: to anyone who cannot see it, it does not exist.
        var id = (await Harness.Engine.SendAsync(new SendMessage(Tier.Critical, "Critical result", "K+ 6.9", null, Harness.Unit.Id.Value, null, null, MessageSource.Manual, null), "doctor")).Id;

        var stranger = await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("doctor"));
        var onBehalf = await Harness.Engine.AcknowledgeAsync(id, Callers.ChargeNurse("charge", Harness.Unit.Id));

        Assert.Equal("not-recipient", stranger.Code);
        Assert.True(onBehalf.Succeeded);
        var message = await Harness.LoadAsync(id);
        Assert.True(message.AcknowledgedOnBehalf);
        Assert.Contains((await Harness.AuditAsync(id)), e => e.Kind == "Acknowledged" && e.Detail == "on behalf of the unit");
    }

    [Fact]
    public async Task Close_RequiresAcknowledgmentFirst_ThenRecordsTheOutcome()
    {
        var id = await Harness.SendAsync(Tier.Critical);

        var early = await Harness.Engine.CloseAsync(id, Callers.Clinician("nurse"), CloseOutcome.ActionTaken, "called the patient");
        await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse"));
        var closed = await Harness.Engine.CloseAsync(id, Callers.Clinician("nurse"), CloseOutcome.NoActionNeeded, "  repeat draw normal ");
        var twice = await Harness.Engine.CloseAsync(id, Callers.Clinician("nurse"), CloseOutcome.ActionTaken, null);

        Assert.Equal("not-acknowledged", early.Code);
        Assert.True(closed.Succeeded);
        Assert.Equal("closed", twice.Code);
        var message = await Harness.LoadAsync(id);
        Assert.Equal(CloseOutcome.NoActionNeeded, message.Outcome);
        Assert.Equal("repeat draw normal", Harness.Protector.Unprotect(message.CloseNote!.Value));
    }

    [Fact]
    public async Task MessageBody_IsEncryptedAtRest()
    {
        var id = await Harness.SendAsync(Tier.Critical, body: "Potassium 6.9 for John Example");

        await using var db = Harness.NewContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"Body\", \"PatientRef\" FROM \"Messages\"";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var storedBody = reader.GetString(0);
        var storedRef = reader.GetString(1);

        Assert.DoesNotContain("John Example", storedBody);
        Assert.DoesNotContain("0042", storedRef);
        var message = await Harness.LoadAsync(id);
        Assert.Equal("Potassium 6.9 for John Example", Harness.Protector.Unprotect(message.Body));
    }

    [Fact]
    public async Task Outbox_HoldsOnePagePerDelivery_AndTheInboxChannelSendsThem()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        for (var i = 0; i < 3; i++)
        {
            await Harness.ReachDeadlineAsync(id);
        }

        var dispatcher = new OutboxDispatcher(Harness.Contexts, [new TestInboxSender()], Harness.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxDispatcher>.Instance);
        var sent = await dispatcher.DispatchPendingAsync();

        await using var db = Harness.NewContext();
        var outbox = await db.Outbox.Where(o => o.MessageId == id).ToListAsync();
        var deliveries = await db.Deliveries.Where(d => d.MessageId == id).CountAsync();
        Assert.Equal(deliveries, outbox.Count);
        Assert.Equal(outbox.Count, outbox.Select(o => o.IdempotencyKey).Distinct().Count());
        Assert.Equal(outbox.Count(o => o.Channel == Channels.Inbox), sent);
        Assert.All(outbox.Where(o => o.Channel == Channels.Inbox), o => Assert.NotNull(o.SentAt));
        // Without SMS and voice senders (no Twilio configured) those pages stay queued, visible, not dropped.
        Assert.All(outbox.Where(o => o.Channel != Channels.Inbox), o => Assert.Null(o.SentAt));
    }

    [Fact]
    public async Task Outbox_APageStuckOnItsChannel_DoesNotHoldUpThePagesQueuedBehindIt()
    {
        var first = await Harness.SendAsync(Tier.Critical);
        var second = await Harness.SendAsync(Tier.Critical);
        for (var i = 0; i < 3; i++)
        {
            await Harness.ReachDeadlineAsync(first);
            await Harness.ReachDeadlineAsync(second);
        }

        // Every call hangs (a Twilio that does not answer) until released; the texts queued after them go out meanwhile.
        var release = new TaskCompletionSource();
        var texts = new TestSender(Channels.Sms, _ => Task.CompletedTask);
        var calls = new TestSender(Channels.Voice, _ => release.Task);
        var dispatcher = new OutboxDispatcher(Harness.Contexts, [new TestInboxSender(), texts, calls], Harness.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxDispatcher>.Instance);

        var dispatch = dispatcher.DispatchPendingAsync();
        await Eventually.UntilAsync(() => Task.FromResult(texts.Sent.Count), n => n == 2, TimeSpan.FromSeconds(10));

        Assert.False(dispatch.IsCompleted);
        Assert.Equal(2, calls.Sent.Count);
        release.SetResult();
        await dispatch;
        await using var db = Harness.NewContext();
        Assert.Equal(0, await db.Outbox.CountAsync(o => o.SentAt == null));
    }

    [Fact]
    public async Task Auditor_FiresOverdueStepsWhoseTriggerWentMissing_OnceEach_AndCountsThem()
    {
        var ids = new[] { await Harness.SendAsync(Tier.Critical), await Harness.SendAsync(Tier.Urgent) };
        Harness.Clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(4));
        Assert.Equal(0, await Harness.Engine.SweepOverdueAsync());

        Harness.Clock.Advance(TimeSpan.FromSeconds(2));
        var first = await Harness.Engine.SweepOverdueAsync();
        var second = await Harness.Engine.SweepOverdueAsync();

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Equal(2, (await Harness.LoadAsync(ids[0])).CurrentLayer);
        Assert.Equal(1, (await Harness.LoadAsync(ids[1])).CurrentLayer);
        await using var db = Harness.NewContext();
        Assert.Equal(1, (await db.EngineCounters.SingleAsync(c => c.Name == EngineCounter.AuditorFired)).Value);
    }

    [Fact]
    public async Task AuditChain_IsIntact_AndNamesTheFirstAlteredOrRemovedEntry()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        await Harness.ReachDeadlineAsync(id);
        await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("charge"));

        var chained = await Harness.Chainer.ChainPendingAsync();
        await using var db = Harness.NewContext();
        var intact = AuditWriter.Verify(db);
        var entries = await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence!.Value).ToListAsync();
        var victim = entries[entries.Count / 2];
        await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Detail\" = 'edited' WHERE \"Sequence\" = {victim}");
        var altered = AuditWriter.Verify(db);
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {victim}");
        var removed = AuditWriter.Verify(db);

        Assert.Equal(entries.Count, chained);
        Assert.True(intact.IsIntact);
        Assert.Equal(entries.Count, intact.EntriesChecked);
        Assert.False(altered.IsIntact);
        Assert.Equal(victim, altered.FirstBadSequence);
        Assert.Contains("altered", altered.Problem);
        Assert.False(removed.IsIntact);
        Assert.Equal(victim + 1, removed.FirstBadSequence);
        Assert.Contains("removed", removed.Problem);
    }

    [Fact]
    public async Task TwoChainersRacing_ChainEveryEntryExactlyOnce_InOneUnbrokenChain()
    {
        for (var i = 0; i < 10; i++)
        {
            await Harness.SendAsync(Tier.Critical);
        }

        var chained = await Task.WhenAll(
            Task.Run(() => Harness.Chainer.ChainPendingAsync(batchSize: 7)),
            Task.Run(() => Harness.Chainer.ChainPendingAsync(batchSize: 7)));

        await using var db = Harness.NewContext();
        var total = await db.AuditEntries.CountAsync();
        Assert.Equal(total, chained.Sum());
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Sequence == null));
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence!.Value).ToListAsync());
        Assert.True(AuditWriter.Verify(db).IsIntact);
    }

    private sealed class TestInboxSender : IChannelSender
    {
        public Channels Channel => Channels.Inbox;

        public Task SendAsync(OutboxItem item, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class TestSender(Channels channel, Func<OutboxItem, Task> send) : IChannelSender
    {
        public System.Collections.Concurrent.ConcurrentBag<OutboxItem> Sent { get; } = [];

        public Channels Channel => channel;

        public Task SendAsync(OutboxItem item, CancellationToken cancellationToken)
        {
            Sent.Add(item);
            return send(item);
        }
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteEscalationScenarioTests() : EscalationScenarioTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresEscalationScenarioTests() : EscalationScenarioTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerEscalationScenarioTests() : EscalationScenarioTests(DatabaseProvider.SqlServer);
