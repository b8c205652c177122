namespace Escalation.Infrastructure.Paging;

/// <summary>The retry policy of phone pages, bound from <c>Paging</c>.</summary>
public sealed class PagingOptions
{
    public const string Section = "Paging";

    /// <summary>Calls per voice page, the first included: a call that does not reach the person is placed again until then.</summary>
    public int VoiceAttempts { get; set; } = 3;

    /// <summary>Wait between a call that did not reach the person and the next attempt.</summary>
    public TimeSpan VoiceRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A page claimed by a node that then died is given up (and retried if attempts remain) after this long.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(2);
}
