namespace Escalation.Domain.Common;

/// <summary>An expected outcome that is not success (already acknowledged, not a recipient): not an exception.</summary>
public sealed record Result(bool Succeeded, string? Code = null, string? Error = null)
{
    public static Result Ok { get; } = new(true);

    public static Result Fail(string code, string error) => new(false, code, error);
}
