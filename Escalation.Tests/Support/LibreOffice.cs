using System.Diagnostics;
using CsvHelper;

namespace Escalation.Tests.Support;

/// <summary>
/// Opens workbooks with LibreOffice Calc (Debian's libreoffice-calc-nogui), headless, as a user would: each sheet
/// converted to CSV with the values as displayed, and whole workbooks to PDF for screenshots. Each conversion gets
/// its own profile directory, so conversions can run side by side.
/// </summary>
public static class LibreOffice
{
    public static string Executable => File.Exists("/usr/bin/soffice") ? "/usr/bin/soffice" : "/usr/bin/libreoffice";

    /// <summary>Every sheet as rows of cells, as LibreOffice displays them, keyed by sheet name.</summary>
    public static async Task<Dictionary<string, List<string[]>>> SheetsAsync(string workbookPath)
    {
        var output = Directory.CreateTempSubdirectory("lo-csv-").FullName;
        // 44 = comma, 34 = quote, 76 = UTF-8, 1 = from line 1; "true" at the 9th place = values as shown; -1 = every sheet to its own file.
        await ConvertAsync(workbookPath, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", output);
        var stem = Path.GetFileNameWithoutExtension(workbookPath);
        var sheets = new Dictionary<string, List<string[]>>();
        foreach (var file in Directory.GetFiles(output, "*.csv"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            sheets[name.StartsWith(stem + "-", StringComparison.Ordinal) ? name[(stem.Length + 1)..] : name] = Csv(await File.ReadAllTextAsync(file, Encoding.UTF8));
        }

        return sheets;
    }

    public static async Task<string> ToPdfAsync(string workbookPath, string outputDirectory)
    {
        await ConvertAsync(workbookPath, "pdf", outputDirectory);
        return Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(workbookPath) + ".pdf");
    }

    private static async Task ConvertAsync(string path, string filter, string outputDirectory)
    {
        var profile = Directory.CreateTempSubdirectory("lo-profile-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { $"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", filter, "--outdir", outputDirectory, path },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 || Directory.GetFiles(outputDirectory).Length == 0)
        {
            throw new InvalidOperationException($"LibreOffice could not convert {path}: exit {process.ExitCode}; {await stdout} {await stderr}");
        }

        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The CSV LibreOffice writes, read with CsvHelper as the schedule imports read theirs.</summary>
    private static List<string[]> Csv(string text)
    {
        var options = CsvReaderOptions.Default with { HasHeader = false, Separator = ',', SkipEmptyLines = false, TrimWhitespace = true, TrimInsideQuotes = true };
        using var reader = CsvReader.FromText(text, options);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        return rows;
    }
}
