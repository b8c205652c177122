using System.Text;
using System.Text.RegularExpressions;

namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>One unfolded content line and the line of the file where it starts; <see cref="Name"/> is upper-cased.</summary>
internal sealed partial record ContentLine(int Line, string Name, string Text)
{
    /// <summary>The value as written: the text after the first colon that is not inside a quoted parameter.</summary>
    public string Value
    {
        get
        {
            var quoted = false;
            for (var i = 0; i < Text.Length; i++)
            {
                if (Text[i] == '"')
                {
                    quoted = !quoted;
                }
                else if (Text[i] == ':' && !quoted)
                {
                    return Text[(i + 1)..].Trim();
                }
            }

            return string.Empty;
        }
    }

    /// <summary>The TZID parameter, unquoted, or null.</summary>
    public string? Tzid => TzidPattern().Match(Text) is { Success: true } match ? match.Groups["id"].Value.Trim() : null;

    [GeneratedRegex(@";TZID=(?:""(?<id>[^""]*)""|(?<id>[^;:]*))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TzidPattern();
}

/// <summary>One VEVENT of the file: where it starts, its own properties (not a VALARM's), and its text for Ical.Net.</summary>
internal sealed record EventBlock(int Line, bool Complete, string Text, IReadOnlyList<ContentLine> Properties, IReadOnlyList<ContentLine> Unreadable)
{
    public ContentLine? First(string name) => Properties.FirstOrDefault(p => p.Name == name);

    public IEnumerable<ContentLine> All(string name) => Properties.Where(p => p.Name == name);
}

/// <summary>
/// Where things are in an iCalendar file, for error messages: Ical.Net reads the values but reports no positions, so
/// this only unfolds lines, follows BEGIN/END and notes each property's name and line. It interprets no value; each
/// VEVENT's text is handed to Ical.Net on its own, so one broken event is reported with its line and the others are
/// still read.
/// </summary>
internal sealed class CalendarLayout
{
    private CalendarLayout(IReadOnlyList<ContentLine> calendarProperties, IReadOnlyList<EventBlock> events, bool ended)
    {
        CalendarProperties = calendarProperties;
        Events = events;
        Ended = ended;
    }

    /// <summary>The VCALENDAR's own properties (not those of its events or time zones).</summary>
    public IReadOnlyList<ContentLine> CalendarProperties { get; }

    public IReadOnlyList<EventBlock> Events { get; }

    /// <summary>Whether the file has its END:VCALENDAR, i.e. was not cut off.</summary>
    public bool Ended { get; }

    public static CalendarLayout Of(string text)
    {
        var calendarProperties = new List<ContentLine>();
        var events = new List<EventBlock>();
        var components = new List<string>();
        var ended = false;
        EventBuilder? current = null;
        foreach (var (line, content) in Unfold(text))
        {
            if (string.IsNullOrWhiteSpace(content))
            {
                continue;
            }

            var end = content.IndexOfAny([';', ':']);
            if (end <= 0 || !content.Contains(':', StringComparison.Ordinal))
            {
                current?.Unreadable.Add(new ContentLine(line, string.Empty, content));
                continue;
            }

            var name = content[..end].Trim().ToUpperInvariant();
            var property = new ContentLine(line, name, content);
            if (name == "BEGIN")
            {
                var component = property.Value.ToUpperInvariant();
                components.Add(component);
                if (component == "VEVENT" && current is null)
                {
                    current = new EventBuilder(line, components.Count);
                }

                current?.Text.Append(content).Append("\r\n");
                continue;
            }

            if (name == "END")
            {
                var component = property.Value.ToUpperInvariant();
                current?.Text.Append(content).Append("\r\n");
                var open = components.LastIndexOf(component);
                if (open >= 0)
                {
                    components.RemoveRange(open, components.Count - open);
                }

                if (current is not null && component == "VEVENT" && components.Count < current.Depth)
                {
                    events.Add(current.Build(complete: true));
                    current = null;
                }

                ended |= component == "VCALENDAR" && !components.Contains("VCALENDAR");
                continue;
            }

            if (current is not null)
            {
                current.Text.Append(content).Append("\r\n");
                if (components.Count == current.Depth)
                {
                    current.Properties.Add(property);
                }
            }
            else if (components is ["VCALENDAR"])
            {
                calendarProperties.Add(property);
            }
        }

        if (current is not null)
        {
            events.Add(current.Build(complete: false));
        }

        return new CalendarLayout(calendarProperties, events, ended);
    }

    /// <summary>RFC 5545 section 3.1: a line break followed by a space or tab continues the line before.</summary>
    private static IEnumerable<(int Line, string Text)> Unfold(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        StringBuilder? current = null;
        var currentLine = 0;
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            if (line.Length > 0 && line[0] is ' ' or '\t' && current is not null)
            {
                current.Append(line, 1, line.Length - 1);
                continue;
            }

            if (current is not null)
            {
                yield return (currentLine, current.ToString());
            }

            current = new StringBuilder(line);
            currentLine = index + 1;
        }

        if (current is { Length: > 0 })
        {
            yield return (currentLine, current.ToString());
        }
    }

    private sealed class EventBuilder(int line, int depth)
    {
        public int Depth { get; } = depth;

        public StringBuilder Text { get; } = new();

        public List<ContentLine> Properties { get; } = [];

        public List<ContentLine> Unreadable { get; } = [];

        public EventBlock Build(bool complete) => new(line, complete, Text.ToString(), Properties, Unreadable);
    }
}
