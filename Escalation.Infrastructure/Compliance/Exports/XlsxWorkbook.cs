using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Escalation.Infrastructure.Compliance.Exports;

public enum XlsxType
{
    Text,
    Integer,
    Decimal,
    DateTime,
}

public sealed record XlsxColumn(string Header, XlsxType Type, double Width);

/// <summary>
/// Writes an .xlsx workbook straight to a stream, one sheet after another, with the Open XML SDK's
/// <see cref="OpenXmlWriter"/>. We write the package (a zip) ourselves, entry by entry, instead of through
/// <c>SpreadsheetDocument</c>: its packaging layer keeps every part in memory until it closes, and an audit log of a
/// million rows must not. Every data sheet gets a bold, frozen header row, an auto-filter over its rows and fixed
/// column widths; dates and numbers are real cells (dates as serial numbers with a date format), never text.
/// A sheet that would pass Excel's row limit continues on a second sheet of the same name with " (2)".
/// </summary>
public sealed class XlsxWorkbook : IDisposable
{
    /// <summary>Excel's last row is 1,048,576; one is the header.</summary>
    public const int MaxDataRowsPerSheet = 1_048_575;

    private const uint HeaderStyle = 1;
    private const uint DateTimeStyle = 2;
    private const uint DecimalStyle = 3;
    private const uint IntegerStyle = 4;
    private const uint WrapStyle = 5;

    private readonly ZipArchive _zip;
    private readonly List<(string Name, int Position, string? FilterRef)> _sheets = [];
    private SheetWriter? _open;

    public XlsxWorkbook(Stream output)
    {
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
    }

    public int RowLimit { get; init; } = MaxDataRowsPerSheet;

    /// <summary>Starts the next sheet; the previous one is finished. <paramref name="position"/> orders the tabs (the cover sheet is written last but shown first).</summary>
    public SheetWriter AddSheet(string name, IReadOnlyList<XlsxColumn> columns, int? position = null)
    {
        _open?.Finish();
        var index = _sheets.Count + 1;
        _sheets.Add((SheetName(name), position ?? 1000 + index, null));
        var entry = _zip.CreateEntry($"xl/worksheets/sheet{index}.xml", CompressionLevel.Fastest);
        _open = new SheetWriter(this, index - 1, name, columns, entry.Open());
        return _open;
    }

    public void Dispose()
    {
        _open?.Finish();
        _open = null;
        if (_sheets.Count > 0)
        {
            WritePackageParts();
        }

        _zip.Dispose();
    }

    private static string SheetName(string name)
    {
        var cleaned = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        return cleaned.Length > 31 ? cleaned[..31] : cleaned;
    }

    private void WritePackageParts()
    {
        var ordered = _sheets.Select((sheet, index) => (sheet.Name, sheet.Position, sheet.FilterRef, Index: index + 1)).OrderBy(s => s.Position).ThenBy(s => s.Index).ToList();

        WriteXml("[Content_Types].xml", xml =>
        {
            const string ns = "http://schemas.openxmlformats.org/package/2006/content-types";
            xml.WriteStartElement("Types", ns);
            Default(xml, ns, "rels", "application/vnd.openxmlformats-package.relationships+xml");
            Default(xml, ns, "xml", "application/xml");
            Override(xml, ns, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
            Override(xml, ns, "/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
            foreach (var sheet in ordered)
            {
                Override(xml, ns, $"/xl/worksheets/sheet{sheet.Index}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
            }

            xml.WriteEndElement();
        });
        WriteXml("_rels/.rels", xml => Relationships(xml, [("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "xl/workbook.xml")]));
        WriteXml("xl/_rels/workbook.xml.rels", xml => Relationships(xml,
            ordered.Select(s => ($"rId{s.Index}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", $"worksheets/sheet{s.Index}.xml"))
                .Append(("rIdStyles", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles", "styles.xml")).ToList()));

        var workbook = new Workbook(
            new BookViews(new WorkbookView { ActiveTab = 0 }),
            new Sheets(ordered.Select((s, i) => new Sheet { Name = s.Name, SheetId = (uint)(i + 1), Id = $"rId{s.Index}" })));
        var filters = ordered.Select((s, i) => (s.FilterRef, LocalSheet: i)).Where(f => f.FilterRef is not null).ToList();
        if (filters.Count > 0)
        {
            // Excel keeps an auto-filter's range in this hidden name as well as on the sheet.
            workbook.Append(new DefinedNames(filters.Select(f => new DefinedName($"'{ordered[f.LocalSheet].Name.Replace("'", "''")}'!{AbsoluteRef(f.FilterRef!)}")
            {
                Name = "_xlnm._FilterDatabase",
                LocalSheetId = (uint)f.LocalSheet,
                Hidden = true,
            })));
        }

        WriteXml("xl/workbook.xml", workbook.WriteTo);
        WriteXml("xl/styles.xml", Styles().WriteTo);
    }

    private static string AbsoluteRef(string range) =>
        string.Join(':', range.Split(':').Select(cell => "$" + new string(cell.TakeWhile(char.IsLetter).ToArray()) + "$" + new string(cell.SkipWhile(char.IsLetter).ToArray())));

    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd hh:mm:ss" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "0.0" })
        { Count = 2 },
        new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }), new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" })) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDE6F0" }) { PatternType = PatternValues.Solid })) { Count = 3 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 1, ApplyNumberFormat = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true })
        { Count = 6 });

    private void WriteXml(string path, Action<XmlWriter> write)
    {
        using var stream = _zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        xml.WriteStartDocument(true);
        write(xml);
        xml.WriteEndDocument();
    }

    private static void Default(XmlWriter xml, string ns, string extension, string type)
    {
        xml.WriteStartElement("Default", ns);
        xml.WriteAttributeString("Extension", extension);
        xml.WriteAttributeString("ContentType", type);
        xml.WriteEndElement();
    }

    private static void Override(XmlWriter xml, string ns, string part, string type)
    {
        xml.WriteStartElement("Override", ns);
        xml.WriteAttributeString("PartName", part);
        xml.WriteAttributeString("ContentType", type);
        xml.WriteEndElement();
    }

    private static void Relationships(XmlWriter xml, IReadOnlyList<(string Id, string Type, string Target)> relationships)
    {
        const string ns = "http://schemas.openxmlformats.org/package/2006/relationships";
        xml.WriteStartElement("Relationships", ns);
        foreach (var (id, type, target) in relationships)
        {
            xml.WriteStartElement("Relationship", ns);
            xml.WriteAttributeString("Id", id);
            xml.WriteAttributeString("Type", type);
            xml.WriteAttributeString("Target", target);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>Text that XML 1.0 can carry (control characters dropped), within a cell's 32,767 characters.</summary>
    private static string CellText(string text)
    {
        if (text.Length > 32_000)
        {
            text = text[..32_000] + "…";
        }

        // Control characters other than tab and line breaks cannot be written in XML 1.0 at all.
        return text.All(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c)) ? text : new string(text.Where(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c)).ToArray());
    }

    /// <summary>One sheet being written. Rows are streamed; nothing is kept but the count.</summary>
    public sealed class SheetWriter
    {
        private readonly XlsxWorkbook _workbook;
        private readonly int _sheetIndex;
        private readonly string _name;
        private readonly IReadOnlyList<XlsxColumn> _columns;
        private Stream _stream;
        private OpenXmlWriter _writer;
        private int _rowsOnSheet;
        private int _continuation = 1;
        private bool _finished;

        internal SheetWriter(XlsxWorkbook workbook, int sheetIndex, string name, IReadOnlyList<XlsxColumn> columns, Stream stream)
        {
            _workbook = workbook;
            _sheetIndex = sheetIndex;
            _name = name;
            _columns = columns;
            _stream = stream;
            _writer = Start(stream);
        }

        /// <summary>Data rows written, over every continuation sheet.</summary>
        public long Rows { get; private set; }

        /// <summary>One value per column: string, whole or decimal number, DateTimeOffset/DateTime, TimeSpan (as seconds), bool (yes/no) or null.</summary>
        public void WriteRow(params object?[] values)
        {
            if (_finished)
            {
                throw new InvalidOperationException($"Sheet {_name} is finished.");
            }

            if (_rowsOnSheet == _workbook.RowLimit)
            {
                Continue();
            }

            _rowsOnSheet++;
            Rows++;
            _writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", string.Empty, (_rowsOnSheet + 1).ToString(CultureInfo.InvariantCulture))]);
            for (var i = 0; i < _columns.Count; i++)
            {
                WriteCell(i < values.Length ? values[i] : null, _columns[i].Type);
            }

            _writer.WriteEndElement();
        }

        internal void Finish()
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            End();
        }

        private void Continue()
        {
            End();
            _continuation++;
            var index = _workbook._sheets.Count + 1;
            var position = _workbook._sheets[_sheetIndex].Position;
            _workbook._sheets.Add((SheetName($"{_name} ({_continuation})"), position, null));
            _stream = _workbook._zip.CreateEntry($"xl/worksheets/sheet{index}.xml", CompressionLevel.Fastest).Open();
            _writer = Start(_stream);
            _rowsOnSheet = 0;
        }

        private OpenXmlWriter Start(Stream stream)
        {
            var writer = OpenXmlWriter.Create(stream);
            writer.WriteStartElement(new Worksheet());
            // Printed (or turned into PDF) for an auditor: landscape, every column on the page's width.
            writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
            writer.WriteElement(new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = 1,
                TopLeftCell = "A2",
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            }, new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue>([new StringValue("A2")]) })
            { WorkbookViewId = 0, TabSelected = _sheetIndex == 0 && _continuation == 1 }));
            writer.WriteElement(new Columns(_columns.Select((c, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = c.Width, CustomWidth = true })));
            writer.WriteStartElement(new SheetData());
            writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", string.Empty, "1")]);
            foreach (var column in _columns)
            {
                writer.WriteElement(TextCell(column.Header, HeaderStyle));
            }

            writer.WriteEndElement();
            return writer;
        }

        private void End()
        {
            _writer.WriteEndElement(); // sheetData
            var range = $"A1:{ColumnName(_columns.Count - 1)}{_rowsOnSheet + 1}";
            _writer.WriteElement(new AutoFilter { Reference = range });
            _writer.WriteElement(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.5, Bottom = 0.5, Header = 0.3, Footer = 0.3 });
            _writer.WriteElement(new PageSetup { Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
            _writer.WriteEndElement(); // worksheet
            _writer.Close();
            _stream.Dispose();
            var sheetPosition = _workbook._sheets.Count - 1;
            var sheet = _workbook._sheets[sheetPosition];
            _workbook._sheets[sheetPosition] = sheet with { FilterRef = range };
        }

        private void WriteCell(object? value, XlsxType type)
        {
            switch (value)
            {
                case null:
                    _writer.WriteElement(new Cell());
                    break;
                case DateTimeOffset at:
                    _writer.WriteElement(NumberCell(at.UtcDateTime.ToOADate(), DateTimeStyle));
                    break;
                case DateTime at:
                    _writer.WriteElement(NumberCell(at.ToOADate(), DateTimeStyle));
                    break;
                case TimeSpan span:
                    _writer.WriteElement(NumberCell(span.TotalSeconds, type == XlsxType.Integer ? IntegerStyle : DecimalStyle));
                    break;
                case int or long or short:
                    _writer.WriteElement(NumberCell(Convert.ToDouble(value, CultureInfo.InvariantCulture), IntegerStyle));
                    break;
                case double or decimal or float:
                    _writer.WriteElement(NumberCell(Convert.ToDouble(value, CultureInfo.InvariantCulture), type == XlsxType.Integer ? IntegerStyle : DecimalStyle));
                    break;
                case bool flag:
                    _writer.WriteElement(TextCell(flag ? "yes" : "no", 0));
                    break;
                default:
                    var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                    _writer.WriteElement(TextCell(text, text.Contains('\n') ? WrapStyle : 0));
                    break;
            }
        }

        private static Cell NumberCell(double value, uint style) =>
            new() { CellValue = new CellValue(value.ToString("R", CultureInfo.InvariantCulture)), StyleIndex = style };

        private static Cell TextCell(string text, uint style)
        {
            var cell = new Cell(new InlineString(new Text(CellText(text)) { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString };
            if (style != 0)
            {
                cell.StyleIndex = style;
            }

            return cell;
        }
    }
}
