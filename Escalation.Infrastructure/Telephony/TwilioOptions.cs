namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// Settings for Twilio's REST API (2010-04-01) and for the webhooks Twilio calls back on. Bound from the
/// <c>Twilio</c> configuration section. The auth token is a secret: <see cref="ToString"/> never shows it, and the
/// gateway never logs it.
/// </summary>
public sealed class TwilioOptions
{
    public const string SectionName = "Twilio";

    /// <summary>Development only: the fake Twilio (Escalation.Web's DemoTelephony) plays the phone network.</summary>
    public const string DemoSetting = "Twilio:Fake";

    public string AccountSid { get; set; } = "";

    public string AuthToken { get; set; } = "";

    /// <summary>The practice's Twilio number in E.164 (+441234567890): the sender of texts and the caller ID of calls.</summary>
    public string FromNumber { get; set; } = "";

    /// <summary>
    /// Where the Twilio SDK's requests for <c>https://api.twilio.com</c> go (<see cref="TwilioApiRedirect"/>): the fake
    /// Twilio in tests and <c>Twilio:Fake</c> demos; left alone in production.
    /// </summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.twilio.com");

    /// <summary>
    /// This application's external URL as Twilio sees it. Webhook URLs are built from it, and signatures are
    /// validated against it rather than the request's own URL, which a reverse proxy may have rewritten.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long one HTTP attempt may take before it is abandoned and, if retries remain, tried again.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt, for 5xx, 429, network errors and attempt timeouts only.</summary>
    public int RetryCount { get; set; } = 3;

    /// <summary>First retry delay; each later retry doubles it (exponential backoff).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Random spread on retry delays so that many nodes do not retry in step. Off in tests.</summary>
    public bool RetryJitter { get; set; } = true;

    /// <summary>Failed attempts in the sampling window before the breaker may open (at least 2).</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 8;

    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long calls fail fast once the breaker has opened, before one trial request is let through.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait a 429's <c>Retry-After</c> may impose on a retry; a page must not sit behind a long back-off.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Seconds Twilio lets a placed call ring before it gives up with <c>no-answer</c>.</summary>
    public int RingTimeoutSeconds { get; set; } = 25;

    /// <summary>
    /// An absolute webhook URL under <see cref="PublicBaseUrl"/>, e.g. <c>Webhook("twilio/voice/3f2a")</c>. Keep
    /// patient details out of it: use an opaque reference the endpoint looks up.
    /// </summary>
    public Uri Webhook(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var baseUrl = PublicBaseUrl ?? throw new InvalidOperationException("Twilio:PublicBaseUrl is not set, so Twilio cannot call this app back.");
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        return new Uri(root, relativePath.TrimStart('/'));
    }

    public override string ToString() =>
        $"TwilioOptions {{ AccountSid = {Redact(AccountSid)}, AuthToken = {(AuthToken.Length == 0 ? "(not set)" : "***")}, " +
        $"FromNumber = {FromNumber}, ApiBaseUrl = {ApiBaseUrl}, PublicBaseUrl = {PublicBaseUrl}, " +
        $"AttemptTimeout = {AttemptTimeout}, RetryCount = {RetryCount} }}";

    /// <summary>Keeps the last four characters of an account SID so that logs can tell accounts apart.</summary>
    internal static string Redact(string accountSid) =>
        accountSid.Length <= 4 ? "***" : $"***{accountSid[^4..]}";
}
