namespace Escalation.Web.DemoTelephony;

/// <summary>A text the fake accepted. <see cref="Status"/> moves on as the test delivers or fails it.</summary>
public sealed class FakeTwilioMessage
{
    public required string Sid { get; init; }

    public required string To { get; init; }

    public required string From { get; init; }

    public required string Body { get; init; }

    public Uri? StatusCallback { get; init; }

    public string Status { get; internal set; } = "queued";
}
