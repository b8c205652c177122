using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// The one resilience pipeline for every Twilio request, a singleton so the circuit breaker's state is shared by
/// every <see cref="TwilioGateway"/> (typed HTTP clients are transient). From the outside in: retry with exponential
/// backoff, then the circuit breaker (which counts each attempt), then a per-attempt timeout.
/// </summary>
public sealed class TwilioResilience
{
    /// <summary>
    /// On the wall clock. Back-off, attempt timeouts and the breaker measure a real network, not domain time: on the
    /// app's <see cref="TimeProvider"/>, a frozen test clock would turn one 503 into a retry that never comes.
    /// </summary>
    public TwilioResilience(IOptions<TwilioOptions> options)
        : this(options, TimeProvider.System)
    {
    }

    /// <summary>On a clock of the caller's choosing: a test that moves time past the breaker's break duration.</summary>
    public TwilioResilience(IOptions<TwilioOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (settings.RetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.RetryCount,
                Delay = settings.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = settings.RetryJitter,
                // An open breaker is not handled here: retrying it would only wait to fail again.
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response ? RetryAfter(response, settings.MaxRetryAfter, timeProvider.GetUtcNow()) : null),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            MinimumThroughput = Math.Max(2, settings.CircuitBreakerMinimumThroughput),
            FailureRatio = settings.CircuitBreakerFailureRatio,
            SamplingDuration = settings.CircuitBreakerSamplingDuration,
            BreakDuration = settings.CircuitBreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
        });
        builder.AddTimeout(settings.AttemptTimeout);
        Pipeline = builder.Build();
    }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    /// <summary>
    /// Worth another try: Twilio's 5xx and 429, a network failure, an attempt that timed out. Every other 4xx is an
    /// answer about the request itself (a bad number must not be dialled three times).
    /// </summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    /// <summary>
    /// The wait a 429 or 503 asks for in <c>Retry-After</c>, at most <paramref name="cap"/>; null (use the backoff)
    /// when it asks for nothing.
    /// </summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeSpan cap, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        if (wait is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > cap ? cap : value;
    }

    internal static bool IsTransient(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || (int)status >= 500;
}
