using System.Globalization;
using System.Text.RegularExpressions;

namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// The parts both CSV layouts share: refusing files that are not CSV text, the leading "#" comment lines (one of which
/// may say when the file was exported), the header, and the check that every row has as many fields as the header,
/// which catches an unquoted comma in a name before it shifts every later column.
/// </summary>
internal static partial class CsvPreamble
{
    public const string NotCsvAdvice = "Open it in the program that made it and save or export it as CSV (comma-separated values), then upload that.";

    /// <summary>The line-0 error for a file that is not CSV text at all, or null to go on.</summary>
    public static string? WrongFile(string text)
    {
        var shape = FileSniffer.Sniff(text);
        if (shape == FileShape.ICalendar)
        {
            return "This file is not a CSV file: it is an iCalendar (.ics) calendar (it starts with BEGIN:VCALENDAR). Choose the iCalendar format to import it.";
        }

        return FileSniffer.WrongShape(shape, "a CSV file", NotCsvAdvice);
    }

    /// <summary>
    /// Reads comment and blank lines up to the header, taking the export time from "# exported: ..." or
    /// "# Exported at ..." (the latest if there are several), and returns the header record (null if there is none).
    /// </summary>
    /// <summary>
    /// The start both CSV layouts share: refuse a file of another kind, then read the comment lines and the header.
    /// Returns the finished (failed) schedule when there is nothing more to read, or null with the reader at the first
    /// data row.
    /// </summary>
    public static ParsedSchedule? Open(
        string text, ScheduleFormat format, ScheduleParseOptions options, List<ScheduleError> errors, out CsvReader reader, out CsvRecord header, out DateTimeOffset? exportedAt)
    {
        reader = null!;
        header = null!;
        exportedAt = null;
        if (WrongFile(text) is { } wrong)
        {
            return ParsedSchedule.Failed(format, wrong);
        }

        reader = new CsvReader(text);
        var found = ReadHeader(reader, options.Zone, errors, out exportedAt);
        if (found is null)
        {
            errors.Add(new ScheduleError(0, "This file has no shifts: it has only comment lines and no header row."));
            return new ParsedSchedule(format, exportedAt, [], errors);
        }

        header = found;
        return null;
    }

    public static CsvRecord? ReadHeader(CsvReader reader, TimeZoneInfo zone, List<ScheduleError> errors, out DateTimeOffset? exportedAt)
    {
        exportedAt = null;
        while (!reader.AtEnd)
        {
            if (reader.NextLineStartsWith('#'))
            {
                var line = reader.Line;
                var comment = reader.ReadRawLine().Trim();
                var exported = ExportedPattern().Match(comment);
                if (!exported.Success)
                {
                    continue;
                }

                var value = exported.Groups["value"].Value;
                if (TryReadExportTime(value, zone) is { } at)
                {
                    exportedAt = exportedAt is { } earlier && earlier > at ? earlier : at;
                }
                else
                {
                    errors.Add(new ScheduleError(line, $"cannot read the export time \"{value}\": use 2026-11-20T14:05:00Z or 2026-11-20 08:05."));
                }

                continue;
            }

            var record = reader.ReadRecord();
            if (record is not null && !record.IsBlank)
            {
                return record;
            }
        }

        return null;
    }

    /// <summary>The next record that is not blank, or null at the end.</summary>
    public static CsvRecord? ReadDataRecord(CsvReader reader)
    {
        while (reader.ReadRecord() is { } record)
        {
            if (!record.IsBlank)
            {
                return record;
            }
        }

        return null;
    }

    /// <summary>How many columns the header really has: trailing unnamed columns (",,," from a spreadsheet) do not count.</summary>
    public static int Width(IReadOnlyList<string> header)
    {
        var width = header.Count;
        while (width > 0 && string.IsNullOrWhiteSpace(header[width - 1]))
        {
            width--;
        }

        return width;
    }

    /// <summary>
    /// Adds an error and returns false when a row has fewer fields than the header, or more with something in them,
    /// or a quote that never closes.
    /// </summary>
    public static bool CheckShape(CsvRecord record, IReadOnlyList<string> header, int width, List<ScheduleError> errors)
    {
        if (record.Unterminated)
        {
            errors.Add(new ScheduleError(record.Line, "a quoted value starting on this line has no closing double quote (\"), so the rest of the file could not be read. Add the missing quote."));
            return false;
        }

        var used = Width(record.Fields);
        if (record.Fields.Count < width)
        {
            errors.Add(new ScheduleError(record.Line,
                $"has {record.Fields.Count} {Plural(record.Fields.Count, "value")} but the header has {width} columns ({string.Join(", ", header.Take(width))}); check for a missing comma."));
            return false;
        }

        if (used > width)
        {
            errors.Add(new ScheduleError(record.Line,
                $"has {used} values but the header has {width} {Plural(width, "column")}; a value containing a comma must be in double quotes, e.g. \"Smith, Jane\"."));
            return false;
        }

        return true;
    }

    /// <summary>The header as the administrator wrote it, for "found columns ..." messages.</summary>
    public static string Found(IReadOnlyList<string> header) =>
        string.Join(", ", header.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => $"\"{h}\""));

    /// <summary>A hint when the header is one cell holding semicolons or tabs: a CSV saved with another separator.</summary>
    public static string DelimiterHint(IReadOnlyList<string> header) =>
        Width(header) == 1 && (header[0].Contains(';', StringComparison.Ordinal) || header[0].Contains('\t', StringComparison.Ordinal))
            ? " The file seems to separate columns with semicolons or tabs; save it as CSV with commas."
            : string.Empty;

    /// <summary>Header names compared case-insensitively, with "_", "-" and repeated spaces read as one space.</summary>
    public static string Normalize(string header) =>
        string.Join(' ', header.Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";

    private static DateTimeOffset? TryReadExportTime(string value, TimeZoneInfo zone)
    {
        if (WrittenMoment.TryRead(value) is { Date: { } date, Time: { } time } moment)
        {
            return moment.Resolve(date, time, zone);
        }

        // Export lines are written by tools, not people: also take "Nov 20, 2026 8:05 AM" and similar invariant forms.
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed.Kind == DateTimeKind.Utc ? new DateTimeOffset(parsed, TimeSpan.Zero) : ZoneClock.ToUtc(parsed, zone);
        }

        return null;
    }

    [GeneratedRegex(@"^#\s*exported(?:\s+(?:at|on)\s*:?|\s*[:=])\s*(?<value>\S.*?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExportedPattern();
}
