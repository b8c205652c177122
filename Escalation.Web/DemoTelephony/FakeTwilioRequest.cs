namespace Escalation.Web.DemoTelephony;

/// <summary>
/// One request the fake received. <see cref="BasicUser"/> is the Basic auth user name (the account SID); the password
/// is not kept. <see cref="UserAgent"/> tells which library sent it (the Twilio SDK says <c>twilio-csharp/...</c>).
/// </summary>
public sealed record FakeTwilioRequest(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Form,
    bool Authorized,
    string? BasicUser,
    string? UserAgent = null)
{
    /// <summary>The first value of a form field, or null.</summary>
    public string? this[string name] => Form.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>Every value of a repeated form field (StatusCallbackEvent, for one).</summary>
    public IReadOnlyList<string> All(string name) => [.. Form.Where(p => p.Key == name).Select(p => p.Value)];
}
