using Escalation.Domain.Messages;
using Escalation.Infrastructure.Engine;
using Escalation.Web.Components.Shared;

namespace Escalation.Web.Components.Pages.Inbox;

/// <summary>What the open message says about its state, in the organisation's zone.</summary>
public static class InboxText
{
    /// <summary>"Open", "Acknowledged by Nora Patel, Thu 3 Dec 14:05", "Closed · ActionTaken".</summary>
    public static string State(MessageView message, TimeZoneInfo zone, Func<string, string> name) => message.State switch
    {
        MessageState.Acknowledged =>
            $"Acknowledged{(message.AcknowledgedBy is { } by ? $" by {name(by)}" : "")}{(message.AcknowledgedAt is { } at ? $", {TimeText.When(at, zone)}" : "")}",
        // The outcome as the API names it, which the browser tests read.
        MessageState.Closed => $"Closed · {message.Outcome}",
        _ => message.IsExhausted ? "Open · every layer tried, re-paging" : "Open",
    };
}
