using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Escalation.Infrastructure.Answering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Escalation.Infrastructure.Telephony;

namespace Escalation.Web.DemoTelephony;

/// <summary>
/// A stand-in for Twilio on 127.0.0.1, for tests and local demos, spoken to over real HTTP. It accepts
/// <c>POST /2010-04-01/Accounts/{sid}/Messages.json</c> and <c>.../Calls.json</c> as Twilio does (Basic auth, required
/// parameters, Twilio-shaped JSON and errors), records every request, and lets the test play the phone network:
/// answer a call and press a key, let it ring out, deliver a text, send one in. Every webhook it sends is signed with
/// <c>X-Twilio-Signature</c> like Twilio's. <see cref="Down"/> and <see cref="FailNext"/> simulate an outage.
/// </summary>
public sealed class FakeTwilioServer : IAsyncDisposable
{
    public const string DefaultAccountSid = "ACfa4e0000000000000000000000000001";
    public const string DefaultAuthToken = "fake-twilio-auth-token-0001";
    public const string DefaultPhoneNumber = "+15005550006";

    private readonly WebApplication _app;
    private readonly HttpClient _webhooks = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly object _gate = new();
    private readonly List<FakeTwilioRequest> _requests = [];
    private readonly List<FakeTwilioMessage> _messages = [];
    private readonly List<FakeTwilioCall> _calls = [];
    private TaskCompletionSource _changed = NewSignal();
    private int _failNext;
    private HttpStatusCode _failStatus = HttpStatusCode.ServiceUnavailable;
    private int _delayNext;
    private TimeSpan _delay;
    private volatile bool _down;

    private FakeTwilioServer(WebApplication app, string accountSid, string authToken, string phoneNumber)
    {
        _app = app;
        AccountSid = accountSid;
        AuthToken = authToken;
        PhoneNumber = phoneNumber;
    }

    /// <summary>The fake's address: use it as <see cref="TwilioOptions.ApiBaseUrl"/>, where <see cref="TwilioApiRedirect"/> sends the SDK.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public string AccountSid { get; }

    public string AuthToken { get; }

    /// <summary>The practice's number at the fake (the From of its texts and calls, the To of inbound texts).</summary>
    public string PhoneNumber { get; }

    /// <summary>While true, every API request is answered 503 (Twilio down).</summary>
    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public IReadOnlyList<FakeTwilioRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<FakeTwilioMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<FakeTwilioCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public static async Task<FakeTwilioServer> StartAsync(
        string accountSid = DefaultAccountSid,
        string authToken = DefaultAuthToken,
        string phoneNumber = DefaultPhoneNumber,
        CancellationToken cancellationToken = default)
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var server = new FakeTwilioServer(app, accountSid, authToken, phoneNumber);
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", (HttpContext context, string sid) => server.HandleAsync(context, sid, isCall: false));
        app.MapPost("/2010-04-01/Accounts/{sid}/Calls.json", (HttpContext context, string sid) => server.HandleAsync(context, sid, isCall: true));
        server.BaseUrl = await LoopbackWebApp.StartAsync(app, cancellationToken);
        return server;
    }

    /// <summary>Options for a <see cref="TwilioGateway"/> that talks to this fake; webhooks go to <paramref name="publicBaseUrl"/>.</summary>
    public TwilioOptions CreateOptions(Uri? publicBaseUrl = null) => new()
    {
        AccountSid = AccountSid,
        AuthToken = AuthToken,
        FromNumber = PhoneNumber,
        ApiBaseUrl = BaseUrl,
        PublicBaseUrl = publicBaseUrl,
    };

    /// <summary>The next <paramref name="count"/> API requests are answered <paramref name="status"/> with a Twilio error body.</summary>
    public void FailNext(int count, HttpStatusCode status = HttpStatusCode.ServiceUnavailable)
    {
        lock (_gate)
        {
            _failNext = count;
            _failStatus = status;
        }
    }

    /// <summary>The next <paramref name="count"/> API requests are answered only after <paramref name="delay"/> (or never, if the client gives up first).</summary>
    public void DelayNext(int count, TimeSpan delay)
    {
        lock (_gate)
        {
            _delayNext = count;
            _delay = delay;
        }
    }

    /// <summary>Waits for a call to <paramref name="to"/> that has not been answered or ended yet.</summary>
    public Task<FakeTwilioCall> WaitForCallAsync(string to, TimeSpan timeout) =>
        WaitForAsync(() => _calls.FirstOrDefault(c => c.To == to && c.Status == "queued"), $"a call to {to}", timeout);

    /// <summary>Waits for a text to <paramref name="to"/> that has not been delivered or failed yet.</summary>
    public Task<FakeTwilioMessage> WaitForMessageAsync(string to, TimeSpan timeout) =>
        WaitForAsync(() => _messages.FirstOrDefault(m => m.To == to && m.Status == "queued"), $"a text to {to}", timeout);

    /// <summary>
    /// A person answers: the "answered" status callback (in-progress) if asked for, the call's TwiML fetched from its
    /// Url, <paramref name="digits"/> posted to the TwiML's Gather action (if both are there), a Dial's number noted,
    /// and the completed status callback. Each request is signed like Twilio's.
    /// </summary>
    public async Task<FakeCallAnswer> AnswerAsync(string callSid, string? digits, CancellationToken cancellationToken = default)
    {
        var call = FindCall(callSid);
        var answeredBy = call.MachineDetection is null ? null : "human";
        SetStatus(call, "in-progress");
        if (call.StatusCallbackEvents.Contains("answered"))
        {
            await PostStatusAsync(call, "in-progress", answeredBy, cancellationToken);
        }

        var twiml = await FetchTwimlAsync(call, answeredBy, cancellationToken);
        FakeWebhookReply? gatherReply = null;
        var document = TryParse(twiml.Body);
        var gather = document?.Descendants("Gather").FirstOrDefault();
        if (gather is not null && !string.IsNullOrEmpty(digits))
        {
            var action = (string?)gather.Attribute("action") is { Length: > 0 } a
                ? new Uri(twiml.Url, a)
                : twiml.Url;
            var form = CallParameters(call, "in-progress", answeredBy);
            form.Add(new("Digits", digits));
            form.Add(new("FinishedOnKey", ""));
            gatherReply = await PostSignedAsync(action, form, cancellationToken);
        }
        else if (document?.Descendants("Dial").FirstOrDefault() is { } dial)
        {
            lock (_gate)
            {
                call.DialedNumber = dial.Element("Number")?.Value.Trim() ?? dial.Value.Trim();
                call.DialCallerId = (string?)dial.Attribute("callerId");
            }
        }

        SetStatus(call, "completed");
        await PostStatusAsync(call, "completed", answeredBy, cancellationToken, durationSeconds: 12);
        return new FakeCallAnswer(twiml, gatherReply);
    }

    /// <summary>The call rings out: status callback <c>no-answer</c>.</summary>
    public Task NoAnswerAsync(string callSid, CancellationToken cancellationToken = default) =>
        EndAsync(callSid, "no-answer", cancellationToken);

    /// <summary>The line is busy: status callback <c>busy</c>.</summary>
    public Task BusyAsync(string callSid, CancellationToken cancellationToken = default) =>
        EndAsync(callSid, "busy", cancellationToken);

    /// <summary>
    /// Voicemail answers: the TwiML is fetched with <c>AnsweredBy=machine_start</c> (so the app can hang up), then
    /// status callback <c>completed</c> with <c>AnsweredBy=machine_start</c>.
    /// </summary>
    public async Task MachineAsync(string callSid, CancellationToken cancellationToken = default)
    {
        var call = FindCall(callSid);
        SetStatus(call, "in-progress");
        await FetchTwimlAsync(call, "machine_start", cancellationToken);
        SetStatus(call, "completed");
        await PostStatusAsync(call, "completed", "machine_start", cancellationToken, durationSeconds: 4);
    }

    /// <summary>The handset received the text: status callback <c>delivered</c>.</summary>
    public Task<FakeWebhookReply?> DeliverSmsAsync(string messageSid, CancellationToken cancellationToken = default) =>
        MessageStatusAsync(messageSid, "delivered", null, cancellationToken);

    /// <summary>The text could not be delivered: status callback <c>undelivered</c> with <paramref name="errorCode"/> (30003: unreachable handset).</summary>
    public Task<FakeWebhookReply?> FailSmsAsync(string messageSid, int errorCode = 30003, CancellationToken cancellationToken = default) =>
        MessageStatusAsync(messageSid, "undelivered", errorCode, cancellationToken);

    /// <summary>Someone texts the practice number (STOP, START, anything): posted signed to <paramref name="webhookUrl"/>.</summary>
    public Task<FakeWebhookReply> SendInboundSmsAsync(string from, string body, Uri webhookUrl, CancellationToken cancellationToken = default)
    {
        var sid = NewSid("SM");
        List<KeyValuePair<string, string>> form =
        [
            new("AccountSid", AccountSid),
            new("ApiVersion", "2010-04-01"),
            new("Body", body),
            new("From", from),
            new("MessageSid", sid),
            new("NumMedia", "0"),
            new("NumSegments", "1"),
            new("SmsMessageSid", sid),
            new("SmsSid", sid),
            new("SmsStatus", "received"),
            new("To", PhoneNumber),
        ];
        return PostSignedAsync(webhookUrl, form, cancellationToken);
    }

    /// <summary>Posts <paramref name="form"/> to <paramref name="url"/> with the signature Twilio would put on it.</summary>
    public async Task<FakeWebhookReply> PostSignedAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioWebhookSignature.HeaderName, Sign(AuthToken, url.AbsoluteUri, form));
        request.Headers.UserAgent.ParseAdd("TwilioProxy/1.1");
        using var response = await _webhooks.SendAsync(request, cancellationToken);
        return new FakeWebhookReply(url, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>
    /// The <c>X-Twilio-Signature</c> Twilio would put on a webhook: base64 of HMAC-SHA1, keyed with the auth token,
    /// over the URL and then each parameter's name and value, sorted by name. The app checks it with the SDK's
    /// <c>RequestValidator</c>; the SDK has no way to sign (that is Twilio's side), so the fake, which plays Twilio,
    /// does it here. The signature tests hold this to Twilio's documented example.
    /// </summary>
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        ArgumentNullException.ThrowIfNull(form);
        var data = new StringBuilder(url);
        // A repeated name is signed as the validator reads it: one entry, its values joined by commas.
        foreach (var field in form.GroupBy(p => p.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            data.Append(field.Key).Append(string.Join(",", field.Select(p => p.Value)));
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    public async ValueTask DisposeAsync()
    {
        _webhooks.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context, string sid, bool isCall)
    {
        IReadOnlyList<KeyValuePair<string, string>> form = context.Request.HasFormContentType
            ? TwilioForm.Read(await context.Request.ReadFormAsync(context.RequestAborted))
            : [];
        var (authorized, user) = CheckAuth(context.Request);
        HttpStatusCode? fail = null;
        var delay = TimeSpan.Zero;
        lock (_gate)
        {
            _requests.Add(new FakeTwilioRequest(context.Request.Method, context.Request.Path.Value ?? "", form, authorized, user, context.Request.Headers.UserAgent.ToString()));
            if (_down)
            {
                fail = HttpStatusCode.ServiceUnavailable;
            }
            else if (_failNext > 0)
            {
                _failNext--;
                fail = _failStatus;
            }
            else if (_delayNext > 0)
            {
                _delayNext--;
                delay = _delay;
            }

            Signal();
        }

        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
        }

        if (fail is { } status)
        {
            return Error(status, (int)status == 429 ? 20429 : 20500, (int)status == 429 ? "Too Many Requests" : "Service unavailable (simulated outage)");
        }

        if (!authorized)
        {
            return Error(HttpStatusCode.Unauthorized, 20003, "Authenticate");
        }

        if (sid != AccountSid)
        {
            return Error(HttpStatusCode.NotFound, 20404, $"The requested resource /2010-04-01/Accounts/{sid} was not found");
        }

        return isCall ? CreateCall(sid, form) : CreateMessage(sid, form);
    }

    private IResult CreateMessage(string sid, IReadOnlyList<KeyValuePair<string, string>> form)
    {
        var to = TwilioForm.Value(form, "To");
        var from = TwilioForm.Value(form, "From");
        var body = TwilioForm.Value(form, "Body");
        if (to is null)
        {
            return Error(HttpStatusCode.BadRequest, 21604, "A 'To' phone number is required.");
        }

        if (!PhoneNumbers.IsE164(to))
        {
            return Error(HttpStatusCode.BadRequest, 21211, $"Invalid 'To' Phone Number: {to}");
        }

        if (from is null)
        {
            return Error(HttpStatusCode.BadRequest, 21603, "A 'From' phone number is required.");
        }

        if (!PhoneNumbers.IsE164(from))
        {
            return Error(HttpStatusCode.BadRequest, 21212, $"Invalid 'From' Phone Number: {from}");
        }

        if (body is null)
        {
            return Error(HttpStatusCode.BadRequest, 21602, "Message body is required.");
        }

        if (body.Length > 1600)
        {
            return Error(HttpStatusCode.BadRequest, 21617, "The concatenated message body exceeds the 1600 character limit.");
        }

        var message = new FakeTwilioMessage
        {
            Sid = NewSid("SM"),
            To = to,
            From = from,
            Body = body,
            StatusCallback = ParseUrl(TwilioForm.Value(form, "StatusCallback")),
        };
        lock (_gate)
        {
            _messages.Add(message);
            Signal();
        }

        var json = Resource(sid, message.Sid, "Messages");
        json["to"] = to;
        json["from"] = from;
        json["body"] = body;
        json["status"] = "queued";
        json["num_segments"] = "1";
        json["error_code"] = null;
        json["error_message"] = null;
        return Json(HttpStatusCode.Created, json);
    }

    private IResult CreateCall(string sid, IReadOnlyList<KeyValuePair<string, string>> form)
    {
        var to = TwilioForm.Value(form, "To");
        var from = TwilioForm.Value(form, "From");
        var url = TwilioForm.Value(form, "Url");
        var twiml = TwilioForm.Value(form, "Twiml");
        if (to is null)
        {
            return Error(HttpStatusCode.BadRequest, 21201, "No 'To' number is specified");
        }

        if (!PhoneNumbers.IsE164(to))
        {
            return Error(HttpStatusCode.BadRequest, 21211, $"Invalid 'To' Phone Number: {to}");
        }

        if (from is null)
        {
            return Error(HttpStatusCode.BadRequest, 21213, "No 'From' number is specified");
        }

        if (!PhoneNumbers.IsE164(from))
        {
            return Error(HttpStatusCode.BadRequest, 21212, $"Invalid 'From' Phone Number: {from}");
        }

        var parsedUrl = ParseUrl(url);
        if (twiml is null && parsedUrl is null)
        {
            return Error(HttpStatusCode.BadRequest, 21205, "Url parameter is required and must be an absolute URL");
        }

        var call = new FakeTwilioCall
        {
            Sid = NewSid("CA"),
            To = to,
            From = from,
            Url = parsedUrl,
            Twiml = twiml,
            StatusCallback = ParseUrl(TwilioForm.Value(form, "StatusCallback")),
            StatusCallbackEvents = [.. form.Where(p => p.Key == "StatusCallbackEvent").SelectMany(p => p.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))],
            MachineDetection = TwilioForm.Value(form, "MachineDetection"),
            Timeout = int.TryParse(TwilioForm.Value(form, "Timeout"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : null,
        };
        lock (_gate)
        {
            _calls.Add(call);
            Signal();
        }

        var json = Resource(sid, call.Sid, "Calls");
        json["to"] = to;
        json["from"] = from;
        json["status"] = "queued";
        json["answered_by"] = null;
        json["duration"] = null;
        return Json(HttpStatusCode.Created, json);
    }

    private async Task<FakeWebhookReply> FetchTwimlAsync(FakeTwilioCall call, string? answeredBy, CancellationToken cancellationToken)
    {
        if (call.Url is null)
        {
            return new FakeWebhookReply(new Uri("about:blank"), HttpStatusCode.OK, call.Twiml ?? "");
        }

        return await PostSignedAsync(call.Url, CallParameters(call, "in-progress", answeredBy), cancellationToken);
    }

    private async Task EndAsync(string callSid, string status, CancellationToken cancellationToken)
    {
        var call = FindCall(callSid);
        SetStatus(call, status);
        await PostStatusAsync(call, status, null, cancellationToken);
    }

    private async Task PostStatusAsync(FakeTwilioCall call, string status, string? answeredBy, CancellationToken cancellationToken, int? durationSeconds = null)
    {
        if (call.StatusCallback is null)
        {
            return;
        }

        var form = CallParameters(call, status, answeredBy);
        form.Add(new("CallbackSource", "call-progress-events"));
        if (durationSeconds is { } seconds)
        {
            form.Add(new("CallDuration", seconds.ToString(CultureInfo.InvariantCulture)));
            form.Add(new("Duration", ((seconds + 59) / 60).ToString(CultureInfo.InvariantCulture)));
        }

        await PostSignedAsync(call.StatusCallback, form, cancellationToken);
    }

    private async Task<FakeWebhookReply?> MessageStatusAsync(string messageSid, string status, int? errorCode, CancellationToken cancellationToken)
    {
        FakeTwilioMessage message;
        lock (_gate)
        {
            message = _messages.FirstOrDefault(m => m.Sid == messageSid)
                ?? throw new InvalidOperationException($"The fake sent no message {messageSid}.");
            message.Status = status;
            Signal();
        }

        if (message.StatusCallback is null)
        {
            return null;
        }

        List<KeyValuePair<string, string>> form =
        [
            new("AccountSid", AccountSid),
            new("ApiVersion", "2010-04-01"),
            new("From", message.From),
            new("MessageSid", message.Sid),
            new("MessageStatus", status),
            new("SmsSid", message.Sid),
            new("SmsStatus", status),
            new("To", message.To),
        ];
        if (errorCode is { } code)
        {
            form.Add(new("ErrorCode", code.ToString(CultureInfo.InvariantCulture)));
        }

        return await PostSignedAsync(message.StatusCallback, form, cancellationToken);
    }

    private List<KeyValuePair<string, string>> CallParameters(FakeTwilioCall call, string status, string? answeredBy)
    {
        List<KeyValuePair<string, string>> form =
        [
            new("AccountSid", AccountSid),
            new("ApiVersion", "2010-04-01"),
            new("CallSid", call.Sid),
            new("CallStatus", status),
            new("Called", call.To),
            new("Caller", call.From),
            new("Direction", "outbound-api"),
            new("From", call.From),
            new("To", call.To),
        ];
        if (answeredBy is not null)
        {
            form.Add(new("AnsweredBy", answeredBy));
        }

        return form;
    }

    private (bool Authorized, string? User) CheckAuth(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return (false, null);
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return (false, null);
            }

            var user = decoded[..colon];
            return (user == AccountSid && decoded[(colon + 1)..] == AuthToken, user);
        }
        catch (FormatException)
        {
            return (false, null);
        }
    }

    private FakeTwilioCall FindCall(string callSid)
    {
        lock (_gate)
        {
            return _calls.FirstOrDefault(c => c.Sid == callSid)
                ?? throw new InvalidOperationException($"The fake placed no call {callSid}.");
        }
    }

    private void SetStatus(FakeTwilioCall call, string status)
    {
        lock (_gate)
        {
            call.Status = status;
            Signal();
        }
    }

    private async Task<T> WaitForAsync<T>(Func<T?> find, string what, TimeSpan timeout)
        where T : class
    {
        var giveUpAt = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (find() is { } found)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            var remaining = giveUpAt - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"The fake Twilio saw no {what} within {timeout.TotalSeconds:0.#} s.");
            }

            await Task.WhenAny(changed, Task.Delay(remaining));
        }
    }

    /// <summary>Wakes every waiter; callers hold the lock.</summary>
    private void Signal()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    private JsonObject Resource(string accountSid, string sid, string collection) => new()
    {
        ["sid"] = sid,
        ["account_sid"] = accountSid,
        ["api_version"] = "2010-04-01",
        ["direction"] = "outbound-api",
        ["date_created"] = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture),
        ["uri"] = $"/2010-04-01/Accounts/{accountSid}/{collection}/{sid}.json",
    };

    private static IResult Error(HttpStatusCode status, int code, string message) => Json(status, new JsonObject
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
        ["status"] = (int)status,
    });

    private static IResult Json(HttpStatusCode status, JsonObject body) =>
        Results.Content(body.ToJsonString(), "application/json", Encoding.UTF8, (int)status);

    private static XDocument? TryParse(string xml)
    {
        try
        {
            return XDocument.Parse(xml);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private static Uri? ParseUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    private static string NewSid(string prefix) => prefix + Guid.NewGuid().ToString("N");

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
