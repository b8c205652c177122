using Escalation.Infrastructure.Telephony;
using Escalation.Web.DemoTelephony;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Escalation.Tests.Telephony;

/// <summary>
/// A tiny stand-in for the app's Twilio webhooks on 127.0.0.1: validates every request's signature with
/// <see cref="TwilioWebhookSignature"/>, records it, and answers the TwiML the real endpoints will answer.
/// </summary>
public sealed class TwilioWebhookApp : IAsyncDisposable
{
    public const string PatientNumber = "+447700900123";

    private readonly WebApplication _app;
    private readonly string _authToken;
    private readonly string _practiceNumber;
    private readonly Lock _gate = new();
    private readonly List<Received> _received = [];

    private TwilioWebhookApp(WebApplication app, string authToken, string practiceNumber)
    {
        _app = app;
        _authToken = authToken;
        _practiceNumber = practiceNumber;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<Received> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public Uri Voice(string reference) => new(BaseUrl, $"/twilio/voice/{reference}");

    public Uri Bridge(string reference) => new(BaseUrl, $"/twilio/bridge/{reference}");

    public Uri CallStatus => new(BaseUrl, "/twilio/call-status");

    public Uri SmsStatus => new(BaseUrl, "/twilio/sms-status");

    public Uri InboundSms => new(BaseUrl, "/twilio/sms");

    public static async Task<TwilioWebhookApp> StartAsync(string authToken, string practiceNumber)
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var webhooks = new TwilioWebhookApp(app, authToken, practiceNumber);
        app.MapPost("/twilio/voice/{reference}", (HttpContext c, string reference) =>
            webhooks.HandleAsync(c, _ => TwimlAnswers.Page(new Uri(webhooks.BaseUrl, $"/twilio/gather/{reference}?attempt=1"))));
        Map(app, "/twilio/gather/{reference}", c =>
            webhooks.HandleAsync(c, form => TwilioCallStatus.Parse(form).Outcome switch
            {
                CallOutcome.Acknowledge => TwimlAnswers.Acknowledged(),
                CallOutcome.EscalateNow => TwimlAnswers.Escalated(),
                _ => TwimlAnswers.Hangup(),
            }));
        Map(app, "/twilio/bridge/{reference}", c =>
            webhooks.HandleAsync(c, form => TwilioCallStatus.Parse(form).AnsweredBy is TwilioAnsweredBy.Human or TwilioAnsweredBy.NotDetected
                ? TwimlAnswers.Bridge(webhooks._practiceNumber, PatientNumber)
                : TwimlAnswers.Hangup()));
        Map(app, "/twilio/call-status", c => webhooks.HandleAsync(c, _ => TwimlAnswers.Empty()));
        Map(app, "/twilio/sms-status", c => webhooks.HandleAsync(c, _ => TwimlAnswers.Empty()));
        Map(app, "/twilio/sms", c =>
            webhooks.HandleAsync(c, form => TwilioInboundSms.Parse(form).Keyword() switch
            {
                SmsKeyword.OptOut => TwimlAnswers.Empty(),
                SmsKeyword.OptIn => TwimlAnswers.Message("Texts from the escalation service are back on."),
                _ => TwimlAnswers.Empty(),
            }));
        webhooks.BaseUrl = await LoopbackWebApp.StartAsync(app, CancellationToken.None);
        return webhooks;
    }

    // A lambda of HttpContext alone would bind to RequestDelegate and drop the result; a Func is a route handler.
    private static void Map(WebApplication app, string pattern, Func<HttpContext, Task<IResult>> handler) => app.MapPost(pattern, handler);

    public IReadOnlyList<Received> To(string pathStart) => [.. Requests.Where(r => r.Path.StartsWith(pathStart, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context, Func<IReadOnlyList<KeyValuePair<string, string>>, string> answer)
    {
        var valid = await TwilioWebhookSignature.IsValidRequestAsync(context.Request, _authToken, BaseUrl);
        var form = TwilioForm.Read(await context.Request.ReadFormAsync());
        lock (_gate)
        {
            _received.Add(new Received(context.Request.Path + context.Request.QueryString, form, valid));
        }

        // As the real endpoints will: a request Twilio did not sign is refused before anything is read into the engine.
        return valid
            ? Results.Content(answer(form), "application/xml")
            : Results.StatusCode(StatusCodes.Status403Forbidden);
    }

    public sealed record Received(string Path, IReadOnlyList<KeyValuePair<string, string>> Form, bool SignatureValid)
    {
        public string? this[string name] => Form.FirstOrDefault(p => p.Key == name).Value;
    }
}
