namespace Escalation.Web.Endpoints;

/// <summary>
/// The one way the API reads an enum from a query parameter, a path or a JSON field: a defined name, in any case.
/// The framework's parser also takes "1" or "Critical,Urgent", so a tier could be sent as a number that means
/// nothing to whoever reads the request; a number is refused everywhere with the same text as a wrong name.
/// </summary>
internal static class EnumNames
{
    /// <summary>The value named <paramref name="text"/> (trimmed, any case) among <paramref name="allowed"/> (default: every defined value).</summary>
    public static bool TryParse<T>(string? text, out T value, IReadOnlyCollection<T>? allowed = null) where T : struct, Enum
    {
        var name = Names(allowed).FirstOrDefault(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<T>(name);
        return name is not null;
    }

    /// <summary>The refusal of a value that is not one of the names: "tier is one of Critical, Urgent, Routine."</summary>
    public static string Error<T>(string field, IReadOnlyCollection<T>? allowed = null) where T : struct, Enum =>
        $"{field} is one of {string.Join(", ", Names(allowed))}.";

    /// <summary>The 400 that goes with <see cref="Error{T}"/>.</summary>
    public static IResult Invalid<T>(string field, IReadOnlyCollection<T>? allowed = null) where T : struct, Enum =>
        ApiProblems.Invalid(field, Error(field, allowed));

    /// <summary>
    /// An optional parameter: true with null when absent, true with the value when it names one, false with the 400
    /// otherwise.
    /// </summary>
    public static bool TryParseOptional<T>(string? text, string field, out T? value, out IResult? problem) where T : struct, Enum
    {
        value = null;
        problem = null;
        if (text is null)
        {
            return true;
        }

        if (TryParse<T>(text, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = Invalid<T>(field);
        return false;
    }

    private static IEnumerable<string> Names<T>(IReadOnlyCollection<T>? allowed) where T : struct, Enum =>
        allowed is null ? Enum.GetNames<T>() : allowed.Select(a => a.ToString());
}
