using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// A typed <see cref="HttpClient"/> over Twilio's REST API 2010-04-01 (Messages and Calls): Basic auth with the
/// account SID and auth token, form-encoded bodies, JSON replies. Every request goes through
/// <see cref="TwilioResilience"/>. Phone numbers are logged masked and the auth token is never logged.
/// </summary>
public sealed class TwilioClient
{
    /// <summary>Status callback events asked for on every call, so the engine sees the call progress.</summary>
    public static readonly IReadOnlyList<string> CallEvents = ["initiated", "ringing", "answered", "completed"];

    private readonly HttpClient _http;
    private readonly TwilioOptions _options;
    private readonly TwilioResilience _resilience;
    private readonly ILogger<TwilioClient> _logger;

    public TwilioClient(HttpClient http, IOptions<TwilioOptions> options, TwilioResilience resilience, ILogger<TwilioClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _resilience = resilience;
        _logger = logger;
    }

    /// <summary>Sends a text from the practice number. Twilio reports delivery to <paramref name="statusCallback"/>.</summary>
    public async Task<TwilioResource> SendSmsAsync(string to, string body, Uri? statusCallback, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        ArgumentException.ThrowIfNullOrEmpty(body);
        List<KeyValuePair<string, string>> form = [new("To", to), new("From", _options.FromNumber), new("Body", body)];
        if (statusCallback is not null)
        {
            form.Add(new("StatusCallback", statusCallback.AbsoluteUri));
        }

        var message = await PostAsync("Messages.json", form, cancellationToken);
        _logger.LogInformation("Twilio accepted SMS {MessageSid} to {To}: {Status}", message.Sid, MaskNumber(to), message.Status);
        return message;
    }

    /// <summary>
    /// Places a call from the practice number; Twilio fetches the call's TwiML from <paramref name="twimlUrl"/> when it
    /// is answered. With <paramref name="machineDetection"/>, Twilio tells a person from voicemail and reports it as
    /// <c>AnsweredBy</c> on that fetch and on the status callbacks.
    /// </summary>
    public async Task<TwilioResource> PlaceCallAsync(string to, Uri twimlUrl, Uri? statusCallback, bool machineDetection, CancellationToken cancellationToken = default)
    {
        var call = await PostAsync("Calls.json", CallForm(to, twimlUrl, statusCallback, machineDetection), cancellationToken);
        _logger.LogInformation("Twilio placed call {CallSid} to {To}: {Status}", call.Sid, MaskNumber(to), call.Status);
        return call;
    }

    /// <summary>
    /// Masked callback: calls the clinician from the practice number; when they answer, Twilio fetches
    /// <paramref name="bridgeTwimlUrl"/>, which should answer <see cref="TwimlBuilder.Bridge"/> so Twilio dials the
    /// patient showing the practice number, never the clinician's own. The URL should carry an opaque reference,
    /// not the patient's number. Machine detection is on so the bridge endpoint can hang up on voicemail
    /// (<see cref="TwimlBuilder.Hangup"/>) instead of connecting a patient to it.
    /// </summary>
    public async Task<TwilioResource> PlaceBridgeCallAsync(string clinicianNumber, Uri bridgeTwimlUrl, Uri? statusCallback, CancellationToken cancellationToken = default)
    {
        var call = await PostAsync("Calls.json", CallForm(clinicianNumber, bridgeTwimlUrl, statusCallback, machineDetection: true), cancellationToken);
        _logger.LogInformation("Twilio placed bridge call {CallSid} to clinician {To}: {Status}", call.Sid, MaskNumber(clinicianNumber), call.Status);
        return call;
    }

    private List<KeyValuePair<string, string>> CallForm(string to, Uri twimlUrl, Uri? statusCallback, bool machineDetection)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        ArgumentNullException.ThrowIfNull(twimlUrl);
        List<KeyValuePair<string, string>> form =
        [
            new("To", to),
            new("From", _options.FromNumber),
            new("Url", twimlUrl.AbsoluteUri),
            new("Timeout", _options.RingTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];
        if (statusCallback is not null)
        {
            form.Add(new("StatusCallback", statusCallback.AbsoluteUri));
            form.AddRange(CallEvents.Select(e => new KeyValuePair<string, string>("StatusCallbackEvent", e)));
        }

        if (machineDetection)
        {
            form.Add(new("MachineDetection", "Enable"));
        }

        return form;
    }

    private async Task<TwilioResource> PostAsync(string resource, IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var url = new Uri(_options.ApiBaseUrl, $"/2010-04-01/Accounts/{Uri.EscapeDataString(_options.AccountSid)}/{resource}");
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.AccountSid}:{_options.AuthToken}"));
        HttpResponseMessage response;
        try
        {
            response = await _resilience.Pipeline.ExecuteAsync(
                async ct =>
                {
                    // A request message cannot be sent twice: every attempt builds its own.
                    using var request = new HttpRequestMessage(HttpMethod.Post, url)
                    {
                        Content = new FormUrlEncodedContent(form),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                },
                cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            _logger.LogWarning("Twilio circuit is open; {Resource} not sent", resource);
            throw new TwilioUnavailableException("Twilio is unavailable: the circuit breaker is open after repeated failures, so the request was not sent.", circuitOpen: true, e);
        }
        catch (TimeoutRejectedException e)
        {
            _logger.LogWarning("Twilio {Resource} timed out after {Attempts} attempts", resource, _options.RetryCount + 1);
            throw new TwilioUnavailableException($"Twilio did not answer within {_options.AttemptTimeout.TotalSeconds:0.###} s on any of {_options.RetryCount + 1} attempts.", circuitOpen: false, e);
        }
        catch (HttpRequestException e)
        {
            _logger.LogWarning("Twilio {Resource} could not be reached: {Error}", resource, e.Message);
            throw new TwilioUnavailableException($"Twilio could not be reached: {e.Message}", circuitOpen: false, e);
        }

        using (response)
        {
            var json = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return ParseResource(json, response.StatusCode);
            }

            var error = ParseError(json, response.StatusCode, response.ReasonPhrase);
            if (TwilioResilience.IsTransient(response.StatusCode))
            {
                _logger.LogWarning("Twilio {Resource} kept failing with {Status} after {Attempts} attempts", resource, (int)response.StatusCode, _options.RetryCount + 1);
                throw new TwilioUnavailableException($"Twilio kept failing ({(int)response.StatusCode}) after {_options.RetryCount + 1} attempts.", circuitOpen: false, error);
            }

            _logger.LogWarning("Twilio refused {Resource}: {Status} error {Code}", resource, (int)response.StatusCode, error.Code);
            throw error;
        }
    }

    private static TwilioResource ParseResource(string json, HttpStatusCode status)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var sid = root.TryGetProperty("sid", out var s) ? s.GetString() : null;
            var state = root.TryGetProperty("status", out var st) ? st.GetString() : null;
            if (string.IsNullOrEmpty(sid))
            {
                throw new TwilioException(status, null, "Twilio's reply has no 'sid'.", null);
            }

            return new TwilioResource(sid, state ?? "queued");
        }
        catch (JsonException e)
        {
            throw new TwilioException(status, null, $"Twilio's reply is not JSON: {e.Message}", null);
        }
    }

    private static TwilioException ParseError(string json, HttpStatusCode status, string? reason)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            int? code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null;
            var message = root.TryGetProperty("message", out var m) ? m.GetString() : null;
            var moreInfo = root.TryGetProperty("more_info", out var mi) ? mi.GetString() : null;
            return new TwilioException(status, code, message ?? reason ?? "no message", moreInfo);
        }
        catch (JsonException)
        {
            return new TwilioException(status, null, reason ?? "no message", null);
        }
    }

    /// <summary>A number in logs keeps its last three digits: enough to tell calls apart, too little to identify anyone.</summary>
    internal static string MaskNumber(string number) =>
        number.Length <= 3 ? "***" : $"***{number[^3..]}";
}
