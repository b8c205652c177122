namespace Escalation.Domain.Ladders;

/// <summary>How a layer reaches its recipients. SMS and voice carry no patient information, only a link to the inbox.</summary>
[Flags]
public enum Channels
{
    None = 0,
    Inbox = 1,
    Sms = 2,
    Voice = 4,
}
