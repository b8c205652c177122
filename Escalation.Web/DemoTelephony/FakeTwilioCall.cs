namespace Escalation.Web.DemoTelephony;

/// <summary>A call the fake placed. <see cref="Status"/> moves on as the test answers it or lets it ring out.</summary>
public sealed class FakeTwilioCall
{
    public required string Sid { get; init; }

    public required string To { get; init; }

    public required string From { get; init; }

    /// <summary>Where the call's TwiML is fetched when it is answered (or null with inline <see cref="Twiml"/>).</summary>
    public Uri? Url { get; init; }

    public string? Twiml { get; init; }

    public Uri? StatusCallback { get; init; }

    public IReadOnlyList<string> StatusCallbackEvents { get; init; } = [];

    /// <summary>The <c>MachineDetection</c> parameter as sent (Enable, DetectMessageEnd) or null.</summary>
    public string? MachineDetection { get; init; }

    public int? Timeout { get; init; }

    public string Status { get; internal set; } = "queued";

    /// <summary>The number a <c>&lt;Dial&gt;</c> in the call's TwiML connected to (a masked callback's patient).</summary>
    public string? DialedNumber { get; internal set; }

    /// <summary>The caller ID that <c>&lt;Dial&gt;</c> showed to <see cref="DialedNumber"/>.</summary>
    public string? DialCallerId { get; internal set; }
}
