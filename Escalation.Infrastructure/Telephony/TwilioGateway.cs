using System.Net;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// Texts and calls through the Twilio SDK, on a <see cref="TwilioRestClient"/> of its own over the injected
/// <see cref="System.Net.Http.HttpClient"/>, whose handlers hold the retries, the breaker and the timeouts
/// (<see cref="TwilioResilience"/>) and, in tests and demos, the way to the fake (<see cref="TwilioApiRedirect"/>).
/// Twilio's refusals come out as the SDK's <see cref="ApiException"/>; an outage as
/// <see cref="TwilioUnavailableException"/>. Phone numbers are logged masked and the auth token is never logged.
/// </summary>
public sealed class TwilioGateway
{
    /// <summary>Status callback events asked for on every call, so the engine sees the call progress.</summary>
    public static readonly IReadOnlyList<string> CallEvents = ["initiated", "ringing", "answered", "completed"];

    private readonly TwilioOptions _options;
    private readonly ITwilioRestClient _client;
    private readonly ILogger<TwilioGateway> _logger;

    public TwilioGateway(System.Net.Http.HttpClient http, IOptions<TwilioOptions> options, ILogger<TwilioGateway> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        // Per instance, never TwilioClient.Init: the static client would share one account and one HttpClient
        // across the app and bypass the handlers above.
        _client = new TwilioRestClient(_options.AccountSid, _options.AuthToken, httpClient: new SystemNetHttpClient(http));
        _logger = logger;
    }

    /// <summary>Sends a text from the practice number. Twilio reports delivery to <paramref name="statusCallback"/>.</summary>
    public async Task<TwilioResource> SendSmsAsync(string to, string body, Uri? statusCallback, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        ArgumentException.ThrowIfNullOrEmpty(body);
        var create = new CreateMessageOptions(new PhoneNumber(to))
        {
            From = new PhoneNumber(_options.FromNumber),
            Body = body,
            StatusCallback = statusCallback,
        };
        var message = await SendAsync("Messages", () => MessageResource.CreateAsync(create, _client), cancellationToken);
        var sent = new TwilioResource(message.Sid, message.Status?.ToString() ?? "queued");
        _logger.LogInformation("Twilio accepted SMS {MessageSid} to {To}: {Status}", sent.Sid, MaskNumber(to), sent.Status);
        return sent;
    }

    /// <summary>
    /// Places a call from the practice number; Twilio fetches the call's TwiML from <paramref name="twimlUrl"/> when it
    /// is answered. With <paramref name="machineDetection"/>, Twilio tells a person from voicemail and reports it as
    /// <c>AnsweredBy</c> on that fetch and on the status callbacks.
    /// </summary>
    public async Task<TwilioResource> PlaceCallAsync(string to, Uri twimlUrl, Uri? statusCallback, bool machineDetection, CancellationToken cancellationToken = default)
    {
        var call = await CallAsync(to, twimlUrl, statusCallback, machineDetection, cancellationToken);
        _logger.LogInformation("Twilio placed call {CallSid} to {To}: {Status}", call.Sid, MaskNumber(to), call.Status);
        return call;
    }

    /// <summary>
    /// Masked callback: calls the clinician from the practice number; when they answer, Twilio fetches
    /// <paramref name="bridgeTwimlUrl"/>, which should answer <see cref="TwimlAnswers.Bridge"/> so Twilio dials the
    /// patient showing the practice number, never the clinician's own. The URL should carry an opaque reference,
    /// not the patient's number. Machine detection is on so the bridge endpoint can hang up on voicemail
    /// (<see cref="TwimlAnswers.Hangup"/>) instead of connecting a patient to it.
    /// </summary>
    public async Task<TwilioResource> PlaceBridgeCallAsync(string clinicianNumber, Uri bridgeTwimlUrl, Uri? statusCallback, CancellationToken cancellationToken = default)
    {
        var call = await CallAsync(clinicianNumber, bridgeTwimlUrl, statusCallback, machineDetection: true, cancellationToken);
        _logger.LogInformation("Twilio placed bridge call {CallSid} to clinician {To}: {Status}", call.Sid, MaskNumber(clinicianNumber), call.Status);
        return call;
    }

    private async Task<TwilioResource> CallAsync(string to, Uri twimlUrl, Uri? statusCallback, bool machineDetection, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        ArgumentNullException.ThrowIfNull(twimlUrl);
        var create = new CreateCallOptions(new PhoneNumber(to), new PhoneNumber(_options.FromNumber))
        {
            Url = twimlUrl,
            Timeout = _options.RingTimeoutSeconds,
            StatusCallback = statusCallback,
            StatusCallbackEvent = statusCallback is null ? [] : [.. CallEvents],
            MachineDetection = machineDetection ? "Enable" : null,
        };
        var call = await SendAsync("Calls", () => CallResource.CreateAsync(create, _client), cancellationToken);
        return new TwilioResource(call.Sid, call.Status?.ToString() ?? "queued");
    }

    private async Task<T> SendAsync<T>(string resource, Func<Task<T>> send, CancellationToken cancellationToken)
    {
        try
        {
            // The SDK's CreateAsync takes no cancellation token: a caller that gives up stops waiting here, and the
            // attempt in flight ends at its own timeout.
            return await send().WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && CountError())
        {
            throw; // never reached: the filter only counts, whichever handler below then takes the failure
        }
        catch (Exception e) when (Cause(e) is BrokenCircuitException cause)
        {
            _logger.LogWarning("Twilio circuit is open; {Resource} not sent", resource);
            throw new TwilioUnavailableException("Twilio is unavailable: the circuit breaker is open after repeated failures, so the request was not sent.", circuitOpen: true, cause);
        }
        catch (Exception e) when (Cause(e) is TimeoutRejectedException cause)
        {
            _logger.LogWarning("Twilio {Resource} timed out after {Attempts} attempts", resource, _options.RetryCount + 1);
            throw new TwilioUnavailableException($"Twilio did not answer within {_options.AttemptTimeout.TotalSeconds:0.###} s on any of {_options.RetryCount + 1} attempts.", circuitOpen: false, cause);
        }
        catch (Exception e) when (Cause(e) is HttpRequestException cause)
        {
            _logger.LogWarning("Twilio {Resource} could not be reached: {Error}", resource, cause.Message);
            throw new TwilioUnavailableException($"Twilio could not be reached: {cause.Message}", circuitOpen: false, cause);
        }
        catch (ApiConnectionException e)
        {
            // Whatever else the transport threw: an outage to fall back from, not an answer about the request.
            _logger.LogWarning("Twilio {Resource} failed in transport: {Error}", resource, e.InnerException?.GetType().Name ?? e.GetType().Name);
            throw new TwilioUnavailableException("Twilio could not be reached.", circuitOpen: false, e);
        }
        catch (ApiException e) when (TwilioResilience.IsTransient((HttpStatusCode)e.Status))
        {
            _logger.LogWarning("Twilio {Resource} kept failing with {Status} after {Attempts} attempts", resource, e.Status, _options.RetryCount + 1);
            throw new TwilioUnavailableException($"Twilio kept failing ({e.Status}) after {_options.RetryCount + 1} attempts.", circuitOpen: false, e);
        }
        catch (ApiException e)
        {
            _logger.LogWarning("Twilio refused {Resource}: {Status} error {Code}", resource, e.Status, e.Code);
            throw;
        }
    }

    private static bool CountError()
    {
        Telemetry.EscalationTelemetry.IntegrationError("twilio");
        return false;
    }

    /// <summary>The SDK reports whatever its HttpClient threw as an <see cref="ApiConnectionException"/> around it.</summary>
    private static Exception Cause(Exception e) => e is ApiConnectionException { InnerException: { } inner } ? inner : e;

    /// <summary>A number in logs keeps its last three digits: enough to tell calls apart, too little to identify anyone.</summary>
    internal static string MaskNumber(string number) =>
        number.Length <= 3 ? "***" : $"***{number[^3..]}";
}
