using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// The one resilience pipeline for every Twilio request, a singleton so the circuit breaker's state is shared by
/// every <see cref="TwilioClient"/> (typed HTTP clients are transient). From the outside in: retry with exponential
/// backoff, then the circuit breaker (which counts each attempt), then a per-attempt timeout.
/// </summary>
public sealed class TwilioResilience
{
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

    internal static bool IsTransient(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || (int)status >= 500;
}
