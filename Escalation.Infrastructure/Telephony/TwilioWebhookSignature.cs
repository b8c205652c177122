using System.Collections.Specialized;
using Microsoft.AspNetCore.Http;
using Twilio.Security;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> on a webhook with the Twilio SDK's <see cref="RequestValidator"/>. What is ours
/// is only which URL to check it against.
/// </summary>
public static class TwilioWebhookSignature
{
    public const string HeaderName = "X-Twilio-Signature";

    /// <summary>True when <paramref name="signature"/> is Twilio's for this URL and form, keyed with <paramref name="authToken"/>.</summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        // An empty token would make every signature computable by anyone.
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken))
        {
            return false;
        }

        var form = new NameValueCollection();
        foreach (var (key, value) in parameters)
        {
            form.Add(key, value);
        }

        return new RequestValidator(authToken).Validate(url, form, signature);
    }

    /// <summary>
    /// Validates a webhook request as it reached this app. The URL is rebuilt from <paramref name="publicBaseUrl"/>
    /// plus the request's path and query, because behind a proxy the request's own scheme and host are not the ones
    /// Twilio signed. On a default port it is given without the port: the validator then tries it with the port too,
    /// as Twilio may sign either (given with it, it would not try without).
    /// </summary>
    public static async Task<bool> IsValidRequestAsync(HttpRequest request, string authToken, Uri publicBaseUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        IReadOnlyList<KeyValuePair<string, string>> parameters = request.HasFormContentType
            ? TwilioForm.Read(await request.ReadFormAsync(cancellationToken))
            : [];
        var url = publicBaseUrl.GetLeftPart(UriPartial.Authority) + publicBaseUrl.AbsolutePath.TrimEnd('/')
            + (request.PathBase + request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        return IsValid(authToken, url, parameters, request.Headers[HeaderName].ToString());
    }
}
