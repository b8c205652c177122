namespace Escalation.Domain.Messages;

public enum MessageState
{
    /// <summary>Waiting for an explicit acknowledgment; may be climbing the ladder.</summary>
    Open,

    /// <summary>Somebody took responsibility; escalation has stopped.</summary>
    Acknowledged,

    /// <summary>Done, with an outcome.</summary>
    Closed,
}
