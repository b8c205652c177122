using Escalation.Domain.Common;
using Escalation.Domain.Ladders;

namespace Escalation.Tests.Domain;

/// <summary>
/// The <see cref="Message"/> aggregate on its own: no database, no engine, only a test clock and a roster the test
/// changes between steps. The engine scenarios prove the same rules end to end; these say which rule decides.
/// </summary>
[Trait("Category", "Unit")]
public sealed class MessageTests
{
    private const string Nurse = "user:nurse";
    private const string Charge = "user:charge";
    private const string Attending = "user:attending";
    private const string Head = "user:head";
    private static readonly TimeSpan Repage = TimeSpan.FromMinutes(2);

    private readonly TestClock _clock = new();
    private readonly Ladder _ladder;
    private readonly DutyRoster _roster = new DutyRoster()
        .OnDuty(ClinicalRoleKind.PrimaryNurse, Nurse)
        .OnDuty(ClinicalRoleKind.ChargeNurse, Charge)
        .OnDuty(ClinicalRoleKind.Attending, Attending)
        .OnDuty(ClinicalRoleKind.DepartmentHead, Head);

    public MessageTests()
    {
        _ladder = Ladder.Create("Critical", Ladder.Defaults.Critical, "seed", _clock.GetUtcNow());
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    private Message Critical() => new MessageBuilder().Critical().OnLadder(_ladder).At(Now).Build();

    private Message Started(Message? message = null)
    {
        message ??= Critical();
        message.Start(_ladder, _roster.Resolve, Repage, Now);
        return message;
    }

    private DeadlineOutcome FireDeadline(Message message)
    {
        _clock.Advance(message.DeadlineAt!.Value - Now);
        return message.OnDeadline(_ladder, _roster.Resolve, Repage, Now);
    }

    private static IEnumerable<MessageEventKind> Kinds(Message message) => message.Events.Select(e => e.Kind);

    // Creation

    [Fact]
    public void Create_CriticalAlwaysRequiresAck_AndRaisesCreated()
    {
        var message = new MessageBuilder().Critical().OnLadder(_ladder).Build();

        Assert.True(message.RequiresAck);
        Assert.True(message.Escalates);
        Assert.Equal(MessageState.Open, message.State);
        Assert.Equal(0, message.CurrentLayer);
        Assert.Equal(_ladder.Id, message.LadderId);
        var created = Assert.Single(message.Events);
        Assert.Equal(MessageEventKind.Created, created.Kind);
        Assert.Equal("Critical via Manual, ladder 'Critical' v1", created.Detail);
    }

    [Fact]
    public void Create_RoutineNeverEscalates_EvenWhenThePolicySaysSo()
    {
        var message = new MessageBuilder().Routine().OnLadder(_ladder).Build();

        Assert.False(message.Escalates);
        Assert.False(message.RequiresAck);
    }

    [Fact]
    public void Create_FollowsTheTierPolicy_ForEscalationAndAck_AndKnowsADrill()
    {
        var waits = new MessageBuilder().Urgent().NotEscalating().RequiringAck().From(MessageSource.Drill).OnLadder(_ladder).Build();

        Assert.False(waits.Escalates);
        Assert.True(waits.RequiresAck);
        Assert.True(waits.IsDrill);
        waits.Start(_ladder, _roster.Resolve, Repage, Now);
        Assert.Null(waits.DeadlineAt);
        Assert.Equal("not-acknowledged", waits.Close(Nurse, CloseOutcome.ActionTaken, null, Now).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_RefusesAMissingSubject(string subject)
    {
        Assert.Throws<DomainException>(() => new MessageBuilder().WithSubject(subject).Build());
    }

    [Fact]
    public void Create_RefusesOverlongSubjectAndExternalId_AndTrimsThem()
    {
        Assert.Throws<DomainException>(() => new MessageBuilder().WithSubject(new string('s', 201)).Build());
        Assert.Throws<DomainException>(() => new MessageBuilder().WithExternalId(new string('x', 201)).Build());

        var message = new MessageBuilder().WithSubject(" " + new string('s', 200) + " ").WithExternalId("  ").Build();
        Assert.Equal(200, message.Subject.Length);
        Assert.Null(message.ExternalId);
    }

    // Start

    [Fact]
    public void Start_PagesTheFirstLayerOnEachOfItsChannels_AndArmsItsTimeout()
    {
        var message = Started();

        Assert.Equal(1, message.CurrentLayer);
        Assert.Equal(Now, message.LayerStartedAt);
        Assert.Equal(Now + TimeSpan.FromMinutes(3), message.DeadlineAt);
        var delivery = Assert.Single(message.Deliveries);
        Assert.Equal((1, 0, Nurse, Channels.Inbox), (delivery.Layer, delivery.Page, delivery.RecipientId, delivery.Channel));
        Assert.Equal([MessageEventKind.Created, MessageEventKind.LayerStarted, MessageEventKind.Delivered], Kinds(message));
        Assert.Equal("Primary nurse", message.Events[1].Detail);
    }

    [Fact]
    public void Start_SkipsAndAuditsALayerWithNobodyOnDuty()
    {
        _roster.OffDuty(ClinicalRoleKind.PrimaryNurse);

        var message = Started();

        Assert.Equal(2, message.CurrentLayer);
        var skipped = Assert.Single(message.Events, e => e.Kind == MessageEventKind.LayerSkipped);
        Assert.Equal((1, "No one on duty for Primary nurse"), (skipped.Layer!.Value, skipped.Detail));
        Assert.DoesNotContain(MessageEventKind.Escalated, Kinds(message));
        Assert.Equal(Charge, Assert.Single(message.Deliveries).RecipientId);
    }

    [Fact]
    public void Start_UsesTheLayersFallbackRole_WhenTheFirstRoleIsEmpty()
    {
        _roster.OffDuty(ClinicalRoleKind.PrimaryNurse).OffDuty(ClinicalRoleKind.ChargeNurse).OffDuty(ClinicalRoleKind.Attending)
            .OnDuty(ClinicalRoleKind.OnCallPhysician, "user:oncall");

        var message = Started();

        Assert.Equal(3, message.CurrentLayer);
        Assert.Equal("On-call physician", message.Events.Single(e => e.Kind == MessageEventKind.LayerStarted).Detail);
        Assert.Equal("user:oncall", Assert.Single(message.Deliveries).RecipientId);
    }

    [Fact]
    public void Start_RefusesASecondStart_AndAnotherLadderVersion()
    {
        var message = Started();

        Assert.Throws<DomainException>(() => message.Start(_ladder, _roster.Resolve, Repage, Now));
        var revised = _ladder.Revise("Critical", Ladder.Defaults.Urgent, "admin", "slower", Now);
        Assert.Throws<DomainException>(() => Critical().Start(revised, _roster.Resolve, Repage, Now));
    }

    [Fact]
    public void Start_WithNobodyOnAnyLayer_IsExhaustedAtOnce_AndWaitsOneRepageInterval()
    {
        var empty = new DutyRoster();
        var message = Critical();

        message.Start(_ladder, empty.Resolve, Repage, Now);

        Assert.True(message.IsExhausted);
        Assert.Equal(0, message.CurrentLayer);
        Assert.Empty(message.Deliveries);
        Assert.Equal(Now + Repage, message.DeadlineAt);
        Assert.Equal(4, message.Events.Count(e => e.Kind == MessageEventKind.LayerSkipped));
        Assert.Equal("No one on duty on any layer", message.Events.Single(e => e.Kind == MessageEventKind.Exhausted).Detail);
    }

    [Fact]
    public void StartAt_GoesStraightToTheLayer_WithoutAuditingTheLayersBelow()
    {
        var message = Critical();

        message.StartAt(3, _ladder, _roster.Resolve, Repage, Now);

        Assert.Equal(3, message.CurrentLayer);
        Assert.Equal(Attending, Assert.Single(message.Deliveries).RecipientId);
        Assert.DoesNotContain(MessageEventKind.LayerSkipped, Kinds(message));
        Assert.Equal(Now + TimeSpan.FromMinutes(7), message.DeadlineAt);
    }

    [Fact]
    public void StartAt_StartsAsUsual_WhenNobodyIsOnDutyAtThatLayer()
    {
        _roster.OffDuty(ClinicalRoleKind.Attending);
        var message = Critical();

        message.StartAt(3, _ladder, _roster.Resolve, Repage, Now);

        Assert.Equal(1, message.CurrentLayer);
        Assert.Equal(Nurse, Assert.Single(message.Deliveries).RecipientId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void StartAt_RefusesALayerTheLadderDoesNotHave(int number)
    {
        Assert.Throws<DomainException>(() => Critical().StartAt(number, _ladder, _roster.Resolve, Repage, Now));
    }

    [Fact]
    public void Start_OfANonEscalatingMessage_ArmsNoDeadline()
    {
        var message = Started(new MessageBuilder().Routine().OnLadder(_ladder).Build());

        Assert.Equal(1, message.CurrentLayer);
        Assert.Null(message.DeadlineAt);
    }

    // Deadlines: escalate, exhaust, re-page

    [Fact]
    public void OnDeadline_BeforeTheDeadline_IsNotDue_AndChangesNothing()
    {
        var message = Started();
        var revision = message.Revision;

        _clock.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromTicks(1));

        Assert.Equal(DeadlineOutcome.NotDue, message.OnDeadline(_ladder, _roster.Resolve, Repage, Now));
        Assert.Equal((1, revision), (message.CurrentLayer, message.Revision));
    }

    [Fact]
    public void OnDeadline_AtTheDeadline_EscalatesToTheNextLayer()
    {
        var message = Started();

        Assert.Equal(DeadlineOutcome.Escalated, FireDeadline(message));

        Assert.Equal(2, message.CurrentLayer);
        Assert.Equal(Now, message.LayerStartedAt);
        Assert.Equal(Now + TimeSpan.FromMinutes(5), message.DeadlineAt);
        Assert.Equal("Layer 1 -> 2", message.Events.Single(e => e.Kind == MessageEventKind.Escalated).Detail);
        Assert.Equal([Nurse, Charge], message.RecipientIds);
    }

    [Fact]
    public void OnDeadline_AfterTheLastLayer_IsExhausted_AndRepagesTheLastLayerOnEveryChannel()
    {
        var message = Started();
        for (var i = 0; i < 3; i++)
        {
            FireDeadline(message);
        }

        Assert.Equal(4, message.CurrentLayer);
        Assert.Equal(DeadlineOutcome.Exhausted, FireDeadline(message));

        Assert.True(message.IsExhausted);
        Assert.Equal(1, message.Pages);
        Assert.Equal(Now + Repage, message.DeadlineAt);
        Assert.Equal("Last layer timed out", message.Events.Single(e => e.Kind == MessageEventKind.Exhausted).Detail);
        var repaged = message.Deliveries.Where(d => d.Page == 1).ToList();
        Assert.Equal([Channels.Inbox, Channels.Sms, Channels.Voice], repaged.Select(d => d.Channel));
        Assert.All(repaged, d => Assert.Equal((4, Head), (d.Layer, d.RecipientId)));
    }

    [Fact]
    public void OnDeadline_OfAnExhaustedMessage_RepagesAgainEveryInterval_WithANewPageNumber()
    {
        var message = Started();
        while (!message.IsExhausted)
        {
            FireDeadline(message);
        }

        Assert.Equal(DeadlineOutcome.Repaged, FireDeadline(message));

        Assert.Equal(2, message.Pages);
        Assert.Equal(Now + Repage, message.DeadlineAt);
        Assert.Equal("Re-page 2", message.Events.Last(e => e.Kind == MessageEventKind.Repaged).Detail);
        Assert.Equal(3, message.Deliveries.Count(d => d.Page == 2));
        // Every page is a different side effect: no idempotency key repeats, so none is dropped as a duplicate.
        Assert.Equal(message.Deliveries.Count, message.Deliveries.Select(d => d.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public void OnDeadline_RepageWithNobodyOnDuty_IsAuditedAsSkipped_AndKeepsTheInterval()
    {
        var message = Started();
        while (!message.IsExhausted)
        {
            FireDeadline(message);
        }

        var deliveries = message.Deliveries.Count;
        _roster.OffDuty(ClinicalRoleKind.DepartmentHead);

        Assert.Equal(DeadlineOutcome.Repaged, FireDeadline(message));

        Assert.Equal(deliveries, message.Deliveries.Count);
        Assert.Equal("Re-page 2: no one on duty for Department head", message.Events.Last().Detail);
        Assert.Equal(Now + Repage, message.DeadlineAt);
    }

    [Fact]
    public void OnDeadline_OfAMessageExhaustedBeforeTheLastLayer_ClimbsToWhoeverCameOnDuty()
    {
        _roster.OffDuty(ClinicalRoleKind.Attending).OffDuty(ClinicalRoleKind.DepartmentHead);
        var message = Started();
        FireDeadline(message);
        Assert.Equal(DeadlineOutcome.Exhausted, FireDeadline(message));
        Assert.Equal(2, message.CurrentLayer);

        _roster.OnDuty(ClinicalRoleKind.DepartmentHead, Head);

        Assert.Equal(DeadlineOutcome.Escalated, FireDeadline(message));
        Assert.Equal(4, message.CurrentLayer);
        Assert.False(message.IsExhausted);
        Assert.Equal("Layer 2 -> 4", message.Events.Last(e => e.Kind == MessageEventKind.Escalated).Detail);
    }

    [Fact]
    public void OnDeadline_OfAMessageThatFoundNobody_StartsTheFirstLayerOnceSomebodyIsOnDuty()
    {
        var roster = new DutyRoster();
        var message = Critical();
        message.Start(_ladder, roster.Resolve, Repage, Now);
        roster.OnDuty(ClinicalRoleKind.ChargeNurse, Charge);
        _clock.Advance(Repage);

        Assert.Equal(DeadlineOutcome.Escalated, message.OnDeadline(_ladder, roster.Resolve, Repage, Now));

        Assert.False(message.IsExhausted);
        Assert.Equal(2, message.CurrentLayer);
        Assert.Equal(Charge, Assert.Single(message.Deliveries).RecipientId);
    }

    [Fact]
    public void OnDeadline_OfAnAcknowledgedMessage_IsNotDue()
    {
        var message = Started();
        message.Acknowledge(Nurse, onBehalf: false, Now);

        _clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(DeadlineOutcome.NotDue, message.OnDeadline(_ladder, _roster.Resolve, Repage, Now));
        Assert.Equal(1, message.CurrentLayer);
    }

    // Escalate now and reassign (the board)

    [Fact]
    public void EscalateNow_MovesToTheNextLayerBeforeItsTimeout_AuditedAsByHand()
    {
        var message = Started();

        var result = message.EscalateNow(_ladder, _roster.Resolve, Repage, Charge, Now);

        Assert.True(result.Succeeded);
        Assert.Equal(2, message.CurrentLayer);
        var byHand = message.Events.Single(e => e.Kind == MessageEventKind.EscalatedByHand);
        Assert.Equal((Charge, 1), (byHand.Actor, byHand.Layer!.Value));
    }

    [Fact]
    public void EscalateNow_OfAnExhaustedMessage_Repages()
    {
        var message = Started();
        while (!message.IsExhausted)
        {
            FireDeadline(message);
        }

        Assert.True(message.EscalateNow(_ladder, _roster.Resolve, Repage, Charge, Now).Succeeded);

        Assert.Equal(2, message.Pages);
        Assert.Equal(Now + Repage, message.DeadlineAt);
    }

    [Fact]
    public void EscalateNow_IsRefused_ForAMessageThatDoesNotClimb()
    {
        var routine = Started(new MessageBuilder().Routine().OnLadder(_ladder).Build());
        var notStarted = Critical();
        var acknowledged = Started();
        acknowledged.Acknowledge(Nurse, onBehalf: false, Now);

        foreach (var message in new[] { routine, notStarted, acknowledged })
        {
            var result = message.EscalateNow(_ladder, _roster.Resolve, Repage, Charge, Now);
            Assert.Equal("not-escalating", result.Code);
        }

        Assert.Equal(1, routine.CurrentLayer);
    }

    [Fact]
    public void Reassign_PagesTheNamedPerson_AndGivesThemTheLayersFullTimeout()
    {
        var message = Started();
        _clock.Advance(TimeSpan.FromMinutes(2));

        var result = message.Reassign(_ladder, "user:float", Charge, Now);

        Assert.True(result.Succeeded);
        Assert.Equal(Now + TimeSpan.FromMinutes(3), message.DeadlineAt);
        Assert.Equal([Nurse, "user:float"], message.RecipientIds);
        var reassigned = message.Events.Single(e => e.Kind == MessageEventKind.Reassigned);
        Assert.Equal((Charge, "user:float"), (reassigned.Actor, reassigned.RecipientId));
        // Whoever was paged before can still acknowledge.
        Assert.True(message.Acknowledge(Nurse, onBehalf: false, Now).Succeeded);
    }

    [Fact]
    public void Reassign_IsRefused_ToSomebodyAlreadyPaged_OrWhenNotOnALayer()
    {
        var message = Started();

        Assert.Equal("already-recipient", message.Reassign(_ladder, Nurse, Charge, Now).Code);
        Assert.Equal("not-open", Critical().Reassign(_ladder, "user:float", Charge, Now).Code);
        message.Acknowledge(Nurse, onBehalf: false, Now);
        Assert.Equal("not-open", message.Reassign(_ladder, "user:float", Charge, Now).Code);
    }

    // Acknowledge, read, close

    [Fact]
    public void Acknowledge_StopsTheEscalation_AndMarksTheAcknowledgersDeliveries()
    {
        var message = Started();
        FireDeadline(message);
        _clock.Advance(TimeSpan.FromSeconds(30));

        var result = message.Acknowledge(Nurse, onBehalf: false, Now);

        Assert.True(result.Succeeded);
        Assert.Equal(MessageState.Acknowledged, message.State);
        Assert.Equal((Nurse, Now, false), (message.AcknowledgedBy, message.AcknowledgedAt, message.AcknowledgedOnBehalf));
        Assert.Null(message.DeadlineAt);
        Assert.Equal(Now, message.Deliveries.Single(d => d.RecipientId == Nurse).AcknowledgedAt);
        Assert.Null(message.Deliveries.Single(d => d.RecipientId == Charge).AcknowledgedAt);
        Assert.Equal(2, message.Events.Last().Layer);
    }

    [Fact]
    public void Acknowledge_OnBehalfOfTheUnit_IsRecordedAsSuch()
    {
        var message = Started();

        message.Acknowledge(Charge, onBehalf: true, Now);

        Assert.True(message.AcknowledgedOnBehalf);
        Assert.Equal("on behalf of the unit", message.Events.Last().Detail);
    }

    [Fact]
    public void Acknowledge_Twice_IsRefused_AndKeepsTheFirst()
    {
        var message = Started();
        var first = Now;
        message.Acknowledge(Nurse, onBehalf: false, Now);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var revision = message.Revision;

        var result = message.Acknowledge(Charge, onBehalf: false, Now);

        Assert.Equal("already-acknowledged", result.Code);
        Assert.Equal((Nurse, first, revision), (message.AcknowledgedBy, message.AcknowledgedAt!.Value, message.Revision));
    }

    [Fact]
    public void RecordRead_IsNeverAnAcknowledgment_AndAuditsOnlyTheFirstReadOfARecipient()
    {
        var message = Started();
        _clock.Advance(TimeSpan.FromSeconds(20));
        var readAt = Now;

        message.RecordRead(Nurse, Now);
        _clock.Advance(TimeSpan.FromSeconds(20));
        message.RecordRead(Nurse, Now);

        Assert.Equal(MessageState.Open, message.State);
        Assert.NotNull(message.DeadlineAt);
        Assert.Equal(readAt, Assert.Single(message.Deliveries).ReadAt);
        var read = Assert.Single(message.Events, e => e.Kind == MessageEventKind.Read);
        Assert.Null(read.Detail);
    }

    [Fact]
    public void RecordRead_BySomebodyNotPaged_IsAuditedEveryTime_AsNotARecipient()
    {
        var message = Started();

        message.RecordRead("user:visitor", Now);
        message.RecordRead("user:visitor", Now);

        var reads = message.Events.Where(e => e.Kind == MessageEventKind.Read).ToList();
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.Equal("not a recipient", r.Detail));
        Assert.Null(Assert.Single(message.Deliveries).ReadAt);
    }

    [Fact]
    public void Close_BeforeAnAcknowledgment_IsRefused_WhenOneIsRequired()
    {
        var message = Started();

        Assert.Equal("not-acknowledged", message.Close(Nurse, CloseOutcome.ActionTaken, null, Now).Code);
        Assert.Equal(MessageState.Open, message.State);
    }

    [Fact]
    public void Close_AfterAcknowledgment_RecordsOutcomeAndNote_AndRefusesEverythingAfter()
    {
        var message = Started();
        message.Acknowledge(Nurse, onBehalf: false, Now);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var note = new ProtectedText("cipher:note");

        Assert.True(message.Close(Nurse, CloseOutcome.NoActionNeeded, note, Now).Succeeded);

        Assert.Equal(MessageState.Closed, message.State);
        Assert.Equal((Nurse, Now, CloseOutcome.NoActionNeeded, note), (message.ClosedBy, message.ClosedAt!.Value, message.Outcome!.Value, message.CloseNote!.Value));
        Assert.Equal("NoActionNeeded", message.Events.Last().Detail);
        Assert.Equal("closed", message.Close(Nurse, CloseOutcome.ActionTaken, null, Now).Code);
        Assert.Equal("closed", message.Acknowledge(Charge, onBehalf: false, Now).Code);
    }

    [Fact]
    public void Close_OfAMessageThatNeedsNoAck_WorksFromOpen_AndStopsItsDeadline()
    {
        var message = Started(new MessageBuilder().Urgent().OnLadder(_ladder).Build());
        Assert.NotNull(message.DeadlineAt);

        Assert.True(message.Close(Nurse, CloseOutcome.WrongRecipient, null, Now).Succeeded);

        Assert.Null(message.DeadlineAt);
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(DeadlineOutcome.NotDue, message.OnDeadline(_ladder, _roster.Resolve, Repage, Now));
    }

    [Fact]
    public void CheckCloseNote_AllowsTwoThousandCharacters_AfterTrimming_AndRefusesOneMore()
    {
        Assert.True(Message.CheckCloseNote(null).Succeeded);
        Assert.True(Message.CheckCloseNote("  " + new string('n', Message.CloseNoteMaxLength) + "\n").Succeeded);

        var tooLong = Message.CheckCloseNote(new string('n', Message.CloseNoteMaxLength + 1));

        Assert.Equal("note-too-long", tooLong.Code);
        Assert.Equal("A closing note is at most 2000 characters.", tooLong.Error);
    }

    // Broadcasts

    [Fact]
    public void CreateBroadcast_DeliversOnceToEachRecipient_AndNeverEscalates()
    {
        var message = new MessageBuilder().Urgent().BroadcastTo(Nurse, Charge, Nurse).Build();

        Assert.True(message.IsBroadcast);
        Assert.True(message.RequiresAck);
        Assert.False(message.Escalates);
        Assert.Null(message.DeadlineAt);
        Assert.Null(message.LadderId);
        Assert.Equal([Nurse, Charge], message.Deliveries.Select(d => d.RecipientId));
        Assert.All(message.Deliveries, d => Assert.Equal((0, Channels.Inbox), (d.Layer, d.Channel)));
        Assert.Equal("Broadcast Urgent to 3 recipient(s)", message.Events[0].Detail);
        Assert.Throws<DomainException>(() => message.Start(_ladder, _roster.Resolve, Repage, Now));
    }

    [Fact]
    public void CreateBroadcast_RefusesNoRecipients()
    {
        Assert.Throws<DomainException>(() => new MessageBuilder().BroadcastTo().Build());
    }

    [Fact]
    public void Broadcast_StaysOpenUntilEveryRecipientHasAcknowledged()
    {
        var message = new MessageBuilder().BroadcastTo(Nurse, Charge).Build();

        Assert.True(message.Acknowledge(Nurse, onBehalf: false, Now).Succeeded);
        Assert.Equal(MessageState.Open, message.State);
        Assert.Null(message.AcknowledgedBy);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(message.Acknowledge(Charge, onBehalf: false, Now).Succeeded);

        Assert.Equal(MessageState.Acknowledged, message.State);
        Assert.Equal((Charge, Now), (message.AcknowledgedBy, message.AcknowledgedAt!.Value));
        Assert.Equal(2, message.Events.Count(e => e.Kind == MessageEventKind.Acknowledged));
    }

    [Fact]
    public void Broadcast_RefusesSomebodyNotSentIt_AndASecondAcknowledgment()
    {
        var message = new MessageBuilder().BroadcastTo(Nurse, Charge).Build();

        Assert.Equal("not-recipient", message.Acknowledge("user:visitor", onBehalf: false, Now).Code);
        message.Acknowledge(Nurse, onBehalf: false, Now);
        Assert.Equal("already-acknowledged", message.Acknowledge(Nurse, onBehalf: false, Now).Code);
    }

    [Fact]
    public void Broadcast_AcknowledgedOnBehalfBySomebodyNotSentIt_IsAudited_ButAcknowledgesNobodysCopy()
    {
        var message = new MessageBuilder().BroadcastTo(Nurse, Charge).Build();

        Assert.True(message.Acknowledge("user:admin", onBehalf: true, Now).Succeeded);

        Assert.Equal(MessageState.Open, message.State);
        Assert.All(message.Deliveries, d => Assert.Null(d.AcknowledgedAt));
        var ack = message.Events.Last();
        Assert.Equal((MessageEventKind.Acknowledged, "user:admin", "on behalf of the unit"), (ack.Kind, ack.Actor, ack.Detail));
    }

    [Fact]
    public void Broadcast_CannotBeEscalatedOrReassigned()
    {
        var message = new MessageBuilder().BroadcastTo(Nurse).Build();
        var ladder = Ladder.Create("Any", Ladder.Defaults.Urgent, "seed", Now);

        Assert.Throws<DomainException>(() => message.EscalateNow(ladder, _roster.Resolve, Repage, Charge, Now));
        Assert.Throws<DomainException>(() => message.Reassign(ladder, Charge, Charge, Now));
    }
}
