using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;

namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>One CSV record as CsvHelper read it: its fields (unquoted, trimmed) and the line it starts on, for error messages.</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, bool Unterminated)
{
    /// <summary>Rows of empty cells that spreadsheets write as ",,,," carry nothing.</summary>
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);

    public string Field(int index) => index >= 0 && index < Fields.Count ? Fields[index] : string.Empty;
}

/// <summary>
/// What both CSV layouts share: refusing files that are not CSV text, the leading "#" comment lines (one of which may
/// say when the file was exported), the header, and the check that every row has as many fields as the header, which
/// catches an unquoted comma in a name before it shifts every later column. CsvHelper does the reading.
/// </summary>
internal static partial class CsvFile
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
    /// Every record of the text, blank ones included. Reading stops at a quote that never closes, since everything
    /// after it would be read as one field.
    /// </summary>
    public static IReadOnlyList<CsvRecord> ReadRecords(string text)
    {
        var unterminated = new HashSet<long>();
        var options = CsvReaderOptions.Default with
        {
            HasHeader = false,
            // Fixed, not detected: a file saved with semicolons must be told so, not silently read (DelimiterHint).
            Separator = ',',
            CommentPrefix = '#',
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrimInsideQuotes = true,
            TrackLineNumbers = true,
            OnMalformedRecord = malformed =>
            {
                if (malformed.Reason == CsvMalformedReason.UnterminatedQuote)
                {
                    unterminated.Add(malformed.LineNumber);
                }
            },
        };

        var records = new List<CsvRecord>();
        using var reader = CsvReader.FromText(text, options);
        while (reader.Read())
        {
            var line = reader.LineNumber;
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.GetString(i);
            }

            var open = unterminated.Contains(line);
            records.Add(new CsvRecord((int)line, fields, open));
            if (open)
            {
                break;
            }
        }

        return records;
    }

    /// <summary>
    /// The start both CSV layouts share: refuse a file of another kind, then read the comment lines and the header.
    /// Returns the finished (failed) schedule when there is nothing more to read, or null with the header and the
    /// data records after it.
    /// </summary>
    public static ParsedSchedule? Open(
        string text, ScheduleFormat format, ScheduleParseOptions options, List<ScheduleError> errors, out CsvRecord header, out IReadOnlyList<CsvRecord> data, out DateTimeOffset? exportedAt)
    {
        header = null!;
        data = [];
        exportedAt = null;
        if (WrongFile(text) is { } wrong)
        {
            return ParsedSchedule.Failed(format, wrong);
        }

        var records = ReadRecords(text).Where(r => !r.IsBlank).ToList();
        var headerLine = records.Count > 0 ? records[0].Line : int.MaxValue;
        exportedAt = ReadExportTime(text, headerLine, options.Zone, errors);
        if (records.Count == 0)
        {
            errors.Add(new ScheduleError(0, "This file has no shifts: it has only comment lines and no header row."));
            return new ParsedSchedule(format, exportedAt, [], errors);
        }

        header = records[0];
        data = records.Skip(1).ToList();
        return null;
    }

    /// <summary>The header record, or null when there is none; for guessing a file's layout.</summary>
    public static CsvRecord? Header(string text) => ReadRecords(text).FirstOrDefault(r => !r.IsBlank);

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

    /// <summary>
    /// The export time from "# exported: ..." or "# Exported at ..." among the comment lines above the header (the
    /// latest if there are several). CsvHelper skips comments, so these few lines are looked at as text.
    /// </summary>
    private static DateTimeOffset? ReadExportTime(string text, int headerLine, TimeZoneInfo zone, List<ScheduleError> errors)
    {
        DateTimeOffset? exportedAt = null;
        var lines = LineBreak().Split(text);
        for (var index = 0; index < lines.Length && index + 1 < headerLine; index++)
        {
            var exported = ExportedPattern().Match(lines[index].Trim());
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
                errors.Add(new ScheduleError(index + 1, $"cannot read the export time \"{value}\": use 2026-11-20T14:05:00Z or 2026-11-20 08:05."));
            }
        }

        return exportedAt;
    }

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

    [GeneratedRegex(@"\r\n|\r|\n", RegexOptions.CultureInvariant)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"^#\s*exported(?:\s+(?:at|on)\s*:?|\s*[:=])\s*(?<value>\S.*?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExportedPattern();
}
