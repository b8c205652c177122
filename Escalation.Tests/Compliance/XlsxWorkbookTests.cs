using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Escalation.Infrastructure.Compliance.Exports;

namespace Escalation.Tests.Compliance;

[Trait("Category", "Unit")]
public sealed class XlsxWorkbookTests
{
    private static readonly XlsxColumn[] Columns = [new("Name", XlsxType.Text, 20), new("At (UTC)", XlsxType.DateTime, 20), new("Count", XlsxType.Integer, 8), new("Share", XlsxType.Decimal, 8)];

    [Fact]
    public void Sheets_HaveAFrozenBoldHeader_AnAutoFilter_Widths_AndRealDatesAndNumbers_WithTheCoverFirst()
    {
        using var stream = new MemoryStream();
        using (var workbook = new XlsxWorkbook(stream))
        {
            var data = workbook.AddSheet("Data", Columns);
            data.WriteRow("a\u0001b", new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero), 3, 12.5);
            data.WriteRow("=cmd|'/c calc'!A1", null, 4L, null);
            workbook.AddSheet("Cover", [new("Field", XlsxType.Text, 20), new("Value", XlsxType.Text, 40)], position: 0).WriteRow("Workbook", "Test");
        }

        stream.Position = 0;
        using var document = SpreadsheetDocument.Open(stream, false);
        var part = document.WorkbookPart!;
        Assert.Equal(["Cover", "Data"], part.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        var dataSheet = (WorksheetPart)part.GetPartById(part.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "Data").Id!);
        var worksheet = dataSheet.Worksheet;
        var pane = worksheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(1, pane.VerticalSplit!.Value);
        Assert.Equal("A1:D3", worksheet.Elements<AutoFilter>().Single().Reference!.Value);
        Assert.Equal([20.0, 20.0, 8.0, 8.0], worksheet.Descendants<Column>().Select(c => c.Width!.Value));
        var rows = worksheet.Descendants<Row>().ToList();
        Assert.Equal(1u, rows[0].Elements<Cell>().First().StyleIndex!.Value);                  // bold header
        var cells = rows[1].Elements<Cell>().ToList();
        Assert.Equal("ab", cells[0].InnerText);                                                  // control character dropped
        Assert.Null(cells[1].DataType);                                                         // a number with a date format, not text
        Assert.Equal(new DateTime(2026, 11, 2, 14, 0, 0).ToOADate(), double.Parse(cells[1].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("3", cells[2].CellValue!.Text);
        Assert.Equal(CellValues.InlineString, rows[2].Elements<Cell>().First().DataType!.Value); // a formula-looking text stays text
        Assert.Single(part.Workbook.DefinedNames!.Elements<DefinedName>(), d => d.Name == "_xlnm._FilterDatabase" && d.Text == "'Data'!$A$1:$D$3");
    }

    [Fact]
    public void ASheetPastTheRowLimit_ContinuesOnASecondSheet()
    {
        using var stream = new MemoryStream();
        long written;
        using (var workbook = new XlsxWorkbook(stream) { RowLimit = 3 })
        {
            var data = workbook.AddSheet("Audit log", Columns);
            for (var i = 0; i < 7; i++)
            {
                data.WriteRow($"row {i}", null, i, null);
            }

            written = data.Rows;
        }

        stream.Position = 0;
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["Audit log", "Audit log (2)", "Audit log (3)"], sheets.Select(s => s.Name!.Value));
        Assert.Equal(7, written);
        var counts = sheets.Select(s => ((WorksheetPart)document.WorkbookPart.GetPartById(s.Id!)).Worksheet.Descendants<Row>().Count() - 1);
        Assert.Equal([3, 3, 1], counts);
    }
}
