namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>How Communications reach the sources' FHIR servers (section <c>Fhir:WriteBack</c>).</summary>
public sealed class FhirWriteBackOptions
{
    public const string Section = "Fhir:WriteBack";

    public const string HttpClientName = "fhir-writeback";

    /// <summary>How often the sweep derives Communications from committed messages and POSTs the due ones.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>POSTs per Communication before it is given up and administrators are told.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed attempt; it doubles with each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>One POST's limit; a timeout counts as a failed attempt and is retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a claimed attempt is left to its node before another may try (it died mid-POST).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    public void Validate()
    {
        if (Interval <= TimeSpan.Zero || MaxAttempts < 1 || FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay
            || RequestTimeout <= TimeSpan.Zero || ClaimLease <= RequestTimeout)
        {
            throw new InvalidOperationException(
                "Fhir:WriteBack needs a positive Interval, FirstRetryDelay and RequestTimeout, MaxAttempts of at least 1, MaxRetryDelay of at least FirstRetryDelay, and ClaimLease longer than RequestTimeout.");
        }
    }
}
