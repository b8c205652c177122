using Escalation.Infrastructure.Engine;

namespace Escalation.Web.Components.Pages.Inbox;

/// <summary>What the open message says about its state, in the organisation's zone.</summary>
public static class InboxText
{
    /// <summary>"Open", "Acknowledged by Nora Patel, Thu 3 Dec 14:05", "Closed · Action taken".</summary>
    public static string State(MessageView message, TimeZoneInfo zone, Func<string, string> name) => message.State switch
    {
        MessageState.Acknowledged =>
            $"Acknowledged{(message.AcknowledgedBy is { } by ? $" by {name(by)}" : "")}{(message.AcknowledgedAt is { } at ? $", {TimeText.When(at, zone)}" : "")}",
        MessageState.Closed => message.Outcome is { } outcome ? $"Closed · {Outcome(outcome)}" : "Closed",
        _ => message.IsExhausted ? "Open · every layer tried, re-paging" : "Open",
    };

    /// <summary>The close outcome as the close form offers it.</summary>
    public static string Outcome(CloseOutcome outcome) => outcome switch
    {
        CloseOutcome.ActionTaken => "Action taken",
        CloseOutcome.NoActionNeeded => "No action needed",
        _ => "Wrong recipient",
    };
}
