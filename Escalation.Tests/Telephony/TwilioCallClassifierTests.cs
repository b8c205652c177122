using Escalation.Infrastructure.Telephony;

namespace Escalation.Tests.Telephony;

[Trait("Category", "Unit")]
public sealed class TwilioCallClassifierTests
{
    [Theory]
    [InlineData("no-answer", null, null, CallOutcome.NotReached)]
    [InlineData("busy", null, null, CallOutcome.NotReached)]
    [InlineData("failed", null, null, CallOutcome.NotReached)]
    [InlineData("canceled", null, null, CallOutcome.NotReached)]
    [InlineData("no-answer", "human", "1", CallOutcome.NotReached)]
    [InlineData("completed", "machine_start", null, CallOutcome.NotReached)]
    [InlineData("completed", "machine_end_beep", null, CallOutcome.NotReached)]
    [InlineData("completed", "machine_end_silence", null, CallOutcome.NotReached)]
    [InlineData("completed", "machine_end_other", null, CallOutcome.NotReached)]
    [InlineData("completed", "fax", null, CallOutcome.NotReached)]
    [InlineData("in-progress", "machine_start", "1", CallOutcome.NotReached)]
    [InlineData("in-progress", "human", "1", CallOutcome.Acknowledge)]
    [InlineData("in-progress", "human", "2", CallOutcome.EscalateNow)]
    [InlineData("in-progress", "human", "3", CallOutcome.NotReached)]
    [InlineData("in-progress", "human", null, CallOutcome.Pending)]
    [InlineData("in-progress", null, "1", CallOutcome.Acknowledge)]
    [InlineData("completed", "human", "1", CallOutcome.Acknowledge)]
    [InlineData("completed", "human", "2", CallOutcome.EscalateNow)]
    [InlineData("completed", "human", null, CallOutcome.NotReached)]
    [InlineData("completed", "human", "", CallOutcome.NotReached)]
    [InlineData("completed", "human", "#", CallOutcome.NotReached)]
    [InlineData("completed", null, null, CallOutcome.NotReached)]
    [InlineData("completed", "unknown", "2", CallOutcome.EscalateNow)]
    [InlineData("queued", null, null, CallOutcome.Pending)]
    [InlineData("initiated", null, null, CallOutcome.Pending)]
    [InlineData("ringing", null, null, CallOutcome.Pending)]
    [InlineData("something-new", null, "1", CallOutcome.NotReached)]
    public void Classify_MapsStatusWhoAnsweredAndKey(string status, string? answeredBy, string? digits, CallOutcome expected)
    {
        Assert.Equal(expected, CallClassifier.Classify(status, answeredBy, digits));
    }

    [Fact]
    public void CallStatus_Parse_ReadsTheWebhookForm()
    {
        var status = TwilioCallStatus.Parse(
        [
            new("CallSid", "CA0001"), new("CallStatus", "completed"), new("AnsweredBy", "human"), new("Digits", "2"),
            new("From", "+15005550006"), new("To", "+447700900001"), new("CallDuration", "37"),
        ]);

        Assert.Equal(new TwilioCallStatus("CA0001", TwilioCallState.Completed, TwilioAnsweredBy.Human, "2", "+15005550006", "+447700900001", 37), status);
        Assert.Equal(CallOutcome.EscalateNow, status.Outcome);
    }

    [Fact]
    public void CallStatus_Parse_LeavesAbsentFieldsEmpty_AndRejectsAFormWithoutSid()
    {
        var status = TwilioCallStatus.Parse([new("CallSid", "CA0002"), new("CallStatus", "no-answer"), new("Digits", "")]);

        Assert.Equal(TwilioAnsweredBy.NotDetected, status.AnsweredBy);
        Assert.Null(status.Digits);
        Assert.Null(status.Duration);
        Assert.Equal(CallOutcome.NotReached, status.Outcome);
        Assert.Throws<FormatException>(() => TwilioCallStatus.Parse([new("CallStatus", "completed")]));
    }

    [Theory]
    [InlineData("delivered", null, TwilioMessageState.Delivered, true, false)]
    [InlineData("undelivered", "30003", TwilioMessageState.Undelivered, false, true)]
    [InlineData("failed", "30008", TwilioMessageState.Failed, false, true)]
    [InlineData("sent", null, TwilioMessageState.Sent, false, false)]
    [InlineData("queued", null, TwilioMessageState.Queued, false, false)]
    public void MessageStatus_Parse_ReadsStatusAndErrorCode(string status, string? error, TwilioMessageState state, bool delivered, bool failed)
    {
        List<KeyValuePair<string, string>> form = [new("MessageSid", "SM0001"), new("MessageStatus", status)];
        if (error is not null)
        {
            form.Add(new("ErrorCode", error));
        }

        var parsed = TwilioMessageStatus.Parse(form);

        Assert.Equal("SM0001", parsed.MessageSid);
        Assert.Equal(state, parsed.MessageStatus);
        Assert.Equal(error is null ? null : int.Parse(error, System.Globalization.CultureInfo.InvariantCulture), parsed.ErrorCode);
        Assert.Equal(delivered, parsed.IsDelivered);
        Assert.Equal(failed, parsed.IsFailed);
    }
}
