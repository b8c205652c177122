using Escalation.Infrastructure.Telephony;
using Escalation.Infrastructure.Telephony.Fake;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Escalation.Tests.Telephony;

/// <summary>A client for the fake with test-speed resilience: millisecond backoff, no jitter, a breaker that stays out of the way.</summary>
public sealed class TwilioClientBuilder(FakeTwilioServer fake)
{
    private readonly TwilioOptions _options = Fast(fake.CreateOptions());
    private TimeProvider _time = TimeProvider.System;
    private ILogger<TwilioClient> _logger = NullLogger<TwilioClient>.Instance;

    public TwilioOptions Options => _options;

    public TwilioClientBuilder With(Action<TwilioOptions> change)
    {
        change(_options);
        return this;
    }

    public TwilioClientBuilder WithClock(TimeProvider time)
    {
        _time = time;
        return this;
    }

    public TwilioClientBuilder WithLogger(ILogger<TwilioClient> logger)
    {
        _logger = logger;
        return this;
    }

    public TwilioClient Build()
    {
        var options = Microsoft.Extensions.Options.Options.Create(_options);
        return new TwilioClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, options, new TwilioResilience(options, _time), _logger);
    }

    private static TwilioOptions Fast(TwilioOptions options)
    {
        options.RetryCount = 2;
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        options.RetryJitter = false;
        options.AttemptTimeout = TimeSpan.FromSeconds(10);
        options.CircuitBreakerMinimumThroughput = 100;
        return options;
    }
}
