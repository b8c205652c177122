namespace Escalation.Infrastructure.LabResults;

/// <summary>
/// A change to the lab rules refused before anything was saved: <see cref="Code"/> is <c>invalid</c> or
/// <c>duplicate</c> (bad input, with the broken rules by field) or <c>concurrent</c> (somebody saved first).
/// </summary>
public sealed class LabRulesException(string code, string message, IReadOnlyDictionary<string, string>? errors = null) : Exception(message)
{
    public string Code { get; } = code;

    public IReadOnlyDictionary<string, string> Errors { get; } = errors ?? new Dictionary<string, string>();
}
