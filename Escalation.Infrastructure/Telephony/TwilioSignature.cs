using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// Twilio's request signature (<c>X-Twilio-Signature</c>): base64 of HMAC-SHA1, keyed with the auth token, over the
/// full URL Twilio requested followed by every POST parameter, sorted by name, as name then value with no separators.
/// </summary>
public static class TwilioSignature
{
    public const string HeaderName = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        ArgumentNullException.ThrowIfNull(url);
        var data = new StringBuilder(url);
        // Ordinal, as Twilio sorts by byte value; a repeated name keeps its values in sorted order too.
        foreach (var (key, value) in parameters
                     .OrderBy(p => p.Key, StringComparer.Ordinal)
                     .ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(hash);
    }

    /// <summary>True when <paramref name="signature"/> matches; compared in constant time so timing reveals nothing.</summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(authToken, url, parameters));
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>
    /// Validates a webhook request as it reached this app. The URL is rebuilt from <paramref name="publicBaseUrl"/>
    /// plus the request's path and query, because behind a proxy the request's own scheme and host are not the ones
    /// Twilio signed. On a default port the URL is tried both without and with the port, as Twilio may sign either.
    /// </summary>
    public static async Task<bool> IsValidRequestAsync(HttpRequest request, string authToken, Uri publicBaseUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        IReadOnlyList<KeyValuePair<string, string>> parameters = request.HasFormContentType
            ? TwilioForm.Read(await request.ReadFormAsync(cancellationToken))
            : [];
        var signature = request.Headers[HeaderName].ToString();
        return PublicUrls(publicBaseUrl, request.PathBase + request.Path, request.QueryString)
            .Any(url => IsValid(authToken, url, parameters, signature));
    }

    internal static IEnumerable<string> PublicUrls(Uri publicBaseUrl, PathString path, QueryString query)
    {
        var rest = publicBaseUrl.AbsolutePath.TrimEnd('/') + path.ToUriComponent() + query.ToUriComponent();
        var withPort = $"{publicBaseUrl.Scheme}://{publicBaseUrl.Host}:{publicBaseUrl.Port}{rest}";
        if (publicBaseUrl.IsDefaultPort)
        {
            yield return $"{publicBaseUrl.Scheme}://{publicBaseUrl.Host}{rest}";
        }

        yield return withPort;
    }
}
