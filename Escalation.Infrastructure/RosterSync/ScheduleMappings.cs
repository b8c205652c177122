using System.Text.Json;

namespace Escalation.Infrastructure.RosterSync;

/// <summary>
/// A source's own names mapped to ours: <see cref="Roles"/> from the file's role name ("ED Attending") to a role
/// id of ours, <see cref="People"/> from the file's person ("Smith, Jane", an e-mail) to a user id, and
/// <see cref="Units"/> from the file's unit name to a unit code. Names not mapped are matched to ours by name. A role
/// mapped to <see cref="Guid.Empty"/> is ignored: its rows are skipped.
/// </summary>
public sealed record ScheduleMappings(
    IReadOnlyDictionary<string, Guid> Roles, IReadOnlyDictionary<string, string> People, IReadOnlyDictionary<string, string> Units)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static ScheduleMappings Empty { get; } = new(new Dictionary<string, Guid>(), new Dictionary<string, string>(), new Dictionary<string, string>());

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static ScheduleMappings FromJson(string json)
    {
        var parsed = string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<ScheduleMappings>(json, Options);
        return new ScheduleMappings(
            Normalise(parsed?.Roles), Normalise(parsed?.People), Normalise(parsed?.Units));
    }

    private static Dictionary<string, T> Normalise<T>(IReadOnlyDictionary<string, T>? values) =>
        new((values ?? new Dictionary<string, T>()).Select(p => KeyValuePair.Create(p.Key.Trim(), p.Value)), StringComparer.OrdinalIgnoreCase);
}
