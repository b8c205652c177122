namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// One segment as received: its name and its fields still raw, numbered as the standard numbers them (for MSH, field 1
/// is the field separator itself and field 2 the encoding characters). Values are split into repetitions, components
/// and subcomponents, and unescaped, only when read: a field nobody reads costs nothing.
/// </summary>
public sealed class Hl7Segment
{
    private readonly string[] _fields;

    public Hl7Segment(string name, string[] fields, int sequence, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Name = name;
        _fields = fields;
        Sequence = sequence;
        Delimiters = delimiters;
    }

    /// <summary>"MSH", "OBX", "ZPD".</summary>
    public string Name { get; }

    /// <summary>Position in the message, counting from 1 (MSH), as an ERR segment names it.</summary>
    public int Sequence { get; }

    public Hl7Delimiters Delimiters { get; }

    /// <summary>The highest field number present.</summary>
    public int FieldCount => _fields.Length - 1;

    /// <summary>A field exactly as received (escape sequences included), "" when absent.</summary>
    public string Raw(int field) => field > 0 && field < _fields.Length ? _fields[field] : "";

    public bool IsEmpty(int field) => Raw(field).Length == 0;

    /// <summary>The repetitions of a field, raw; an absent or empty field has none.</summary>
    public IReadOnlyList<string> Repetitions(int field)
    {
        var raw = Raw(field);
        if (raw.Length == 0)
        {
            return [];
        }

        // MSH-1 and MSH-2 are the delimiters themselves, never split.
        return Name == "MSH" && field <= 2 ? [raw] : raw.Split(Delimiters.Repetition);
    }

    /// <summary>One component (and subcomponent) of the first repetition, unescaped; "" when absent.</summary>
    public string Value(int field, int component = 1, int subcomponent = 1) => Value(field, 0, component, subcomponent);

    /// <summary>One component (and subcomponent) of one repetition, unescaped; "" when absent.</summary>
    public string Value(int field, int repetition, int component, int subcomponent)
    {
        if (Name == "MSH" && field <= 2)
        {
            return Raw(field);
        }

        var repetitions = Repetitions(field);
        return repetition < repetitions.Count ? Component(repetitions[repetition], component, subcomponent, Delimiters) : "";
    }

    /// <summary>A component of one repetition's raw text, unescaped.</summary>
    public static string Component(string repetition, int component, int subcomponent, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(repetition);
        ArgumentNullException.ThrowIfNull(delimiters);
        var components = repetition.Split(delimiters.Component);
        if (component < 1 || component > components.Length)
        {
            return "";
        }

        var subcomponents = components[component - 1].Split(delimiters.Subcomponent);
        return subcomponent < 1 || subcomponent > subcomponents.Length ? "" : Hl7Escaping.Unescape(subcomponents[subcomponent - 1], delimiters);
    }
}
