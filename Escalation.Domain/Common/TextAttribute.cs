namespace Escalation.Domain.Common;

/// <summary>
/// The <see cref="TextRules"/> limit of one request field, where it differs from the default (a single line of at most
/// <see cref="TextRules.DefaultMaxLength"/> characters). Read by the API's JSON reader, so a request record says its
/// limits beside its fields instead of each endpoint checking them again.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class TextAttribute(int maxLength) : Attribute
{
    public int MaxLength { get; } = maxLength;

    /// <summary>Tab and line breaks allowed: a body, a note, a reason.</summary>
    public bool Multiline { get; init; }
}
