namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// The five characters that structure an HL7 v2 message, read from MSH-1 (the field separator) and MSH-2 (component,
/// repetition, escape, subcomponent). Senders may choose others than the usual <c>|^~\&amp;</c>, so nothing else in the
/// parser assumes them.
/// </summary>
public sealed record Hl7Delimiters(char Field, char Component, char Repetition, char Escape, char Subcomponent)
{
    public static readonly Hl7Delimiters Standard = new('|', '^', '~', '\\', '&');

    /// <summary>MSH-2 as it is written: <c>^~\&amp;</c>.</summary>
    public string EncodingCharacters => $"{Component}{Repetition}{Escape}{Subcomponent}";
}
