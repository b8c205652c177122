namespace Escalation.Domain.Messages;

public enum CloseOutcome
{
    ActionTaken,
    NoActionNeeded,
    WrongRecipient,
}
