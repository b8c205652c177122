using Microsoft.AspNetCore.Http;

namespace Escalation.Infrastructure.Telephony;

/// <summary>Reads a Twilio webhook's form body into plain name/value pairs for parsing and signature checks.</summary>
public static class TwilioForm
{
    /// <summary>Every field of the form; a repeated field keeps each of its values.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Read(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in form)
        {
            foreach (var value in values)
            {
                pairs.Add(new(key, value ?? ""));
            }
        }

        return pairs;
    }

    /// <summary>The first non-empty value of a field, or null.</summary>
    public static string? Value(IEnumerable<KeyValuePair<string, string>> form, string name)
    {
        foreach (var (key, value) in form)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return string.IsNullOrEmpty(value) ? null : value;
            }
        }

        return null;
    }
}
