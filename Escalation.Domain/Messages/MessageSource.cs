namespace Escalation.Domain.Messages;

public enum MessageSource
{
    Manual,
    AnsweringService,
    Ehr,
    Drill,
}
