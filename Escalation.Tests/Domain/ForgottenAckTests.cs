using Escalation.Domain.Common;
using Escalation.Domain.Ladders;

namespace Escalation.Tests.Domain;

/// <summary>
/// <see cref="Message.OnForgottenAck"/> and the tier windows on their own: which acknowledged message is reminded,
/// when, on which channels, and that a reminder or a board flag happens once.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ForgottenAckTests
{
    private const string Nurse = "user:nurse";
    private const string Head = "user:head";
    private static readonly TimeSpan Repage = TimeSpan.FromMinutes(2);
    private static readonly AckWindows Windows = new(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60));

    private readonly TestClock _clock = new();
    private readonly Ladder _ladder;
    private readonly DutyRoster _roster = new DutyRoster()
        .OnDuty(ClinicalRoleKind.PrimaryNurse, Nurse)
        .OnDuty(ClinicalRoleKind.ChargeNurse, "user:charge")
        .OnDuty(ClinicalRoleKind.Attending, "user:attending")
        .OnDuty(ClinicalRoleKind.DepartmentHead, Head);

    public ForgottenAckTests()
    {
        _ladder = Ladder.Create("Critical", Ladder.Defaults.Critical, "seed", _clock.GetUtcNow());
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    private Message Acknowledged(string by = Nurse, Tier tier = Tier.Critical)
    {
        var message = new MessageBuilder().WithTier(tier).OnLadder(_ladder).RequiringAck().At(Now).Build();
        message.Start(_ladder, _roster.Resolve, Repage, Now);
        Assert.True(message.Acknowledge(by, onBehalf: false, Now).Succeeded);
        message.ClearEvents();
        return message;
    }

    [Fact]
    public void BeforeTheFirstWindow_NothingHappens()
    {
        var message = Acknowledged();
        var revision = message.Revision;
        _clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));

        Assert.Equal(ForgottenAckOutcome.None, message.OnForgottenAck(Windows, Now));
        Assert.Null(message.AckRemindedAt);
        Assert.Equal(revision, message.Revision);
        Assert.Empty(message.Events);
    }

    [Fact]
    public void AtTheFirstWindow_TheAcknowledgerIsRemindedInTheInbox_Once()
    {
        var message = Acknowledged();
        var revision = message.Revision;
        _clock.Advance(TimeSpan.FromMinutes(30));

        var first = message.OnForgottenAck(Windows, Now);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = message.OnForgottenAck(Windows, Now);

        Assert.Equal(ForgottenAckOutcome.Reminded, first);
        Assert.Equal(ForgottenAckOutcome.None, second);
        Assert.Equal(revision + 1, message.Revision);
        var reminder = Assert.Single(message.Deliveries, d => d.IsReminder);
        Assert.Equal((Nurse, Channels.Inbox, 0, Delivery.ReminderPage), (reminder.RecipientId, reminder.Channel, reminder.Layer, reminder.Page));
        var sent = Assert.Single(message.Events, e => e.Kind == MessageEventKind.AckReminderSent);
        Assert.Equal(Message.Engine, sent.Actor);
        Assert.Equal(Nurse, sent.RecipientId);
        Assert.Contains("not closed after 30 min; reminded by inbox", sent.Detail);
        Assert.Null(message.AckFlaggedAt);
    }

    [Fact]
    public void AnAcknowledgerPagedBySms_IsRemindedBySmsToo()
    {
        var message = new MessageBuilder().Critical().OnLadder(_ladder).At(Now).Build();
        message.Start(_ladder, _roster.Resolve, Repage, Now);
        for (var layer = 1; layer < 4; layer++)
        {
            _clock.Advance(message.DeadlineAt!.Value - Now);
            message.OnDeadline(_ladder, _roster.Resolve, Repage, Now);
        }

        Assert.Equal(4, message.CurrentLayer);
        message.Acknowledge(Head, onBehalf: false, Now);
        _clock.Advance(TimeSpan.FromMinutes(30));

        message.OnForgottenAck(Windows, Now);

        Assert.Equal([Channels.Inbox, Channels.Sms], message.Deliveries.Where(d => d.IsReminder).Select(d => d.Channel).Order());
        Assert.All(message.Deliveries.Where(d => d.IsReminder), d => Assert.Equal(Head, d.RecipientId));
    }

    [Fact]
    public void AtTheSecondWindow_TheMessageGoesOnTheBoard_Once()
    {
        var message = Acknowledged();
        _clock.Advance(TimeSpan.FromMinutes(30));
        message.OnForgottenAck(Windows, Now);
        _clock.Advance(TimeSpan.FromMinutes(30));

        var flagged = message.OnForgottenAck(Windows, Now);
        var again = message.OnForgottenAck(Windows, Now + TimeSpan.FromHours(1));

        Assert.Equal(ForgottenAckOutcome.FlaggedOnBoard, flagged);
        Assert.Equal(ForgottenAckOutcome.None, again);
        Assert.Equal(Now, message.AckFlaggedAt);
        Assert.Single(message.Deliveries, d => d.IsReminder);
        Assert.Single(message.Events, e => e.Kind == MessageEventKind.AckNotClosedFlagged);
    }

    [Fact]
    public void ASweepLateForBothWindows_RemindsAndFlagsInOneStep()
    {
        var message = Acknowledged();
        _clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(ForgottenAckOutcome.Reminded | ForgottenAckOutcome.FlaggedOnBoard, message.OnForgottenAck(Windows, Now));
    }

    [Fact]
    public void ClosedOpenRoutineAndBroadcastMessages_AreNeverReminded()
    {
        var closed = Acknowledged();
        closed.Close(Nurse, CloseOutcome.ActionTaken, null, Now);
        var open = new MessageBuilder().Critical().OnLadder(_ladder).At(Now).Build();
        open.Start(_ladder, _roster.Resolve, Repage, Now);
        var routine = Acknowledged(tier: Tier.Routine);
        var broadcast = new MessageBuilder().Critical().BroadcastTo(Nurse).At(Now).Build();
        broadcast.Acknowledge(Nurse, onBehalf: false, Now);
        _clock.Advance(TimeSpan.FromDays(1));

        Assert.All(new[] { closed, open, routine, broadcast }, m => Assert.Equal(ForgottenAckOutcome.None, m.OnForgottenAck(Windows, Now)));
        Assert.All(new[] { closed, open, routine, broadcast }, m => Assert.DoesNotContain(m.Deliveries, d => d.IsReminder));
    }

    [Fact]
    public void OnBehalfAcknowledger_WithNoPageOfTheirOwn_IsRemindedInTheInbox()
    {
        var message = new MessageBuilder().Critical().OnLadder(_ladder).At(Now).Build();
        message.Start(_ladder, _roster.Resolve, Repage, Now);
        message.Acknowledge("user:charge-other", onBehalf: true, Now);
        _clock.Advance(TimeSpan.FromMinutes(31));

        message.OnForgottenAck(Windows, Now);

        var reminder = Assert.Single(message.Deliveries, d => d.IsReminder);
        Assert.Equal(("user:charge-other", Channels.Inbox), (reminder.RecipientId, reminder.Channel));
    }

    [Theory]
    [InlineData(0, 60, "positive")]
    [InlineData(30, -1, "positive")]
    [InlineData(30, 30, "after the reminder")]
    [InlineData(60, 30, "after the reminder")]
    [InlineData(30, 24 * 60 + 1, "at most")]
    public void BadWindows_AreRefusedWithAClearError_AndChangeNothing(int reminder, int board, string says)
    {
        var policy = new TierPolicy(Tier.Critical, true, Guid.NewGuid(), true, "seed", Now);

        var error = Assert.Throws<DomainException>(() => policy.SetAckWindows(reminder, board, "admin", Now));

        Assert.Contains(says, error.Message);
        Assert.Equal((30, 60), (policy.AckReminderMinutes, policy.AckBoardMinutes));
        Assert.Equal("seed", policy.UpdatedBy);
    }

    [Fact]
    public void Defaults_CriticalThirtyMinutes_UrgentTwoHours_RoutineNone()
    {
        var ladder = Guid.NewGuid();

        Assert.Equal(new AckWindows(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60)), new TierPolicy(Tier.Critical, true, ladder, true, "seed", Now).AckWindows);
        Assert.Equal(new AckWindows(TimeSpan.FromHours(2), TimeSpan.FromHours(4)), new TierPolicy(Tier.Urgent, true, ladder, true, "seed", Now).AckWindows);
        Assert.Null(new TierPolicy(Tier.Routine, false, ladder, false, "seed", Now).AckWindows);
        Assert.Throws<DomainException>(() => new TierPolicy(Tier.Routine, false, ladder, false, "seed", Now).SetAckWindows(30, 60, "admin", Now));
    }
}
