namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// Twilio could not be reached or kept failing (5xx, 429, network errors, timeouts) after every retry, or the
/// circuit breaker is open and the request was not even sent. The caller should fall back to another channel.
/// </summary>
public sealed class TwilioUnavailableException(string message, bool circuitOpen, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>True when the request failed fast because the breaker is open: nothing reached Twilio.</summary>
    public bool CircuitOpen { get; } = circuitOpen;
}
