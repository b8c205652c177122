using Microsoft.Extensions.Options;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// Sends the Twilio SDK's requests for <c>https://api.twilio.com</c> to <see cref="TwilioOptions.ApiBaseUrl"/> when
/// that is set elsewhere (the fake Twilio in tests and <c>Twilio:Fake</c> demos): the SDK has no base-URL setting of
/// its own, and this way it is the SDK, unchanged, that talks to the fake.
/// </summary>
public sealed class TwilioApiRedirect(IOptions<TwilioOptions> options) : DelegatingHandler
{
    public static readonly Uri TwilioApi = new("https://api.twilio.com");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = options.Value.ApiBaseUrl;
        if (request.RequestUri is { } uri && uri.Host == TwilioApi.Host && target != TwilioApi)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
