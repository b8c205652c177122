namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>What a file's first bytes say it is, whatever its name or the format the administrator picked.</summary>
internal enum FileShape
{
    Empty,
    ICalendar,
    Text,
    ZipOrWorkbook,
    OldExcelWorkbook,
    Pdf,
    WebPage,
    Binary,
}

/// <summary>
/// Recognises files that are not what the chosen parser expects (an .ics picked as CSV, an Excel workbook, a PDF of
/// the schedule), so the administrator gets one sentence saying what the file is and what was expected instead of
/// an error on every line of unreadable text.
/// </summary>
internal static class FileSniffer
{
    private const int SampleLength = 4096;

    public static string StripByteOrderMark(string content) => content.Length > 0 && content[0] == '\uFEFF' ? content[1..] : content;

    public static FileShape Sniff(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return FileShape.Empty;
        }

        if (text.StartsWith("PK\u0003\u0004", StringComparison.Ordinal) || text.StartsWith("PK\u0005\u0006", StringComparison.Ordinal))
        {
            return FileShape.ZipOrWorkbook;
        }

        // The OLE2 signature D0 CF 11 E0, as it comes out of UTF-8 (replacement characters) or Latin-1 decoding.
        if (text.StartsWith("\uFFFD\uFFFD\u0011\uFFFD", StringComparison.Ordinal) || text.StartsWith("\u00D0\u00CF\u0011\u00E0", StringComparison.Ordinal))
        {
            return FileShape.OldExcelWorkbook;
        }

        if (text.StartsWith("%PDF", StringComparison.Ordinal))
        {
            return FileShape.Pdf;
        }

        if (LooksBinary(text))
        {
            return FileShape.Binary;
        }

        var start = text.TrimStart();
        if (start.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
        {
            return FileShape.WebPage;
        }

        return start.StartsWith("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase) ? FileShape.ICalendar : FileShape.Text;
    }

    /// <summary>"This file is not a CSV file: it is ...", or null when the shape is one the parser can read.</summary>
    public static string? WrongShape(FileShape shape, string expected, string advice) => shape switch
    {
        FileShape.Empty => "This file is empty: there are no shifts in it. Check that the right file was chosen and that the export finished.",
        FileShape.ZipOrWorkbook => $"This file is not {expected}: it is an Excel workbook (.xlsx) or another compressed file. {advice}",
        FileShape.OldExcelWorkbook => $"This file is not {expected}: it is an Excel workbook (.xls). {advice}",
        FileShape.Pdf => $"This file is not {expected}: it is a PDF document. {advice}",
        FileShape.WebPage => $"This file is not {expected}: it is a web page (HTML). {advice}",
        FileShape.Binary => $"This file is not {expected}: it contains binary data, not text. {advice}",
        _ => null,
    };

    private static bool LooksBinary(string text)
    {
        var sample = text.AsSpan(0, Math.Min(text.Length, SampleLength));
        var odd = 0;
        foreach (var c in sample)
        {
            if (c == '\0')
            {
                return true;
            }

            if (c == '\uFFFD' || (char.IsControl(c) && c is not ('\r' or '\n' or '\t' or '\f')))
            {
                odd++;
            }
        }

        return odd * 20 > sample.Length;
    }
}
