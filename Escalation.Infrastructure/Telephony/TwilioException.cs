using System.Net;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// Twilio refused a request (a bad number, a missing parameter, bad credentials). Not retried: sending the same
/// request again gets the same answer. <see cref="Code"/> is Twilio's error code (21211 is an invalid 'To' number).
/// </summary>
public sealed class TwilioException(HttpStatusCode statusCode, int? code, string message, string? moreInfo)
    : Exception(Describe(statusCode, code, message))
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public int? Code { get; } = code;

    public string TwilioMessage { get; } = message;

    public string? MoreInfo { get; } = moreInfo;

    private static string Describe(HttpStatusCode statusCode, int? code, string message) =>
        code is null
            ? $"Twilio answered {(int)statusCode}: {message}"
            : $"Twilio answered {(int)statusCode} with error {code}: {message}";
}
