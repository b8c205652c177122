namespace Escalation.Web.Endpoints;

/// <summary>
/// An enum value by its name only. <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> also takes "0" or
/// "Critical,Urgent", so a tier could be sent as a number that means nothing to the sender's reader.
/// </summary>
internal static class EnumNames
{
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        var name = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<T>(name);
        return name is not null;
    }
}
