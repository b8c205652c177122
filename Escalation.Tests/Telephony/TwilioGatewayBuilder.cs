using Escalation.Infrastructure.Telephony;
using Escalation.Web.DemoTelephony;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escalation.Tests.Telephony;

/// <summary>
/// A gateway for the fake with the app's handler chain and test-speed resilience: millisecond backoff, no jitter,
/// a breaker that stays out of the way.
/// </summary>
public sealed class TwilioGatewayBuilder(FakeTwilioServer fake)
{
    private readonly TwilioOptions _options = Fast(fake.CreateOptions());
    private TimeProvider _time = TimeProvider.System;
    private ILogger<TwilioGateway> _logger = NullLogger<TwilioGateway>.Instance;

    public TwilioOptions Options => _options;

    public TwilioGatewayBuilder With(Action<TwilioOptions> change)
    {
        change(_options);
        return this;
    }

    public TwilioGatewayBuilder WithClock(TimeProvider time)
    {
        _time = time;
        return this;
    }

    public TwilioGatewayBuilder WithLogger(ILogger<TwilioGateway> logger)
    {
        _logger = logger;
        return this;
    }

    public TwilioGateway Build()
    {
        var options = Microsoft.Extensions.Options.Options.Create(_options);
        var handlers = TelephonyServiceCollectionExtensions.Handlers(new TwilioResilience(options, _time), options, new SocketsHttpHandler());
        return new TwilioGateway(new HttpClient(handlers) { Timeout = Timeout.InfiniteTimeSpan }, options, _logger);
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
