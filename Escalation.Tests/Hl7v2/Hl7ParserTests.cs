using Escalation.Infrastructure.Hl7v2;

namespace Escalation.Tests.Hl7v2;

[Trait("Category", "Unit")]
public sealed class Hl7ParserTests
{
    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Parse_SplitsSegments_OnCrLfOrCrLf(string end)
    {
        var text = Hl7v2Corpus.Lf("v23-sunquest-bmp-local-codes.hl7").Replace("\n", end, StringComparison.Ordinal);

        var message = Hl7Parser.Parse(text);

        Assert.Equal(["MSH", "PID", "PV1", "ORC", "OBR", "NTE", "OBX", "OBX", "NTE", "OBX", "OBX", "OBX", "OBX", "OBX", "ZPS"], message.Segments.Select(s => s.Name));
        Assert.Equal(Enumerable.Range(1, 15), message.Segments.Select(s => s.Sequence));
        Assert.Equal(("ORU", "R01", "SQ20061102001", "2.3", "P"), (message.MessageType, message.TriggerEvent, message.ControlId, message.Version, message.ProcessingId));
    }

    [Fact]
    public void Parse_NumbersMshFieldsAsTheStandardDoes_Msh1IsTheSeparator()
    {
        var message = Hl7v2Corpus.Parse("v251-elr-potassium-hh.hl7");

        Assert.Equal("|", message.Header.Raw(1));
        Assert.Equal("^~\\&", message.Header.Raw(2));
        Assert.Equal("LAB", message.Header.Value(3, 1));
        Assert.Equal("2.16.840.1.113883.3.72.5.20", message.Header.Value(3, 2));
        Assert.Equal("ORU_R01", message.Header.Value(9, 3));
        Assert.Equal("LAB000101", message.ControlId);
        Assert.Equal("2.5.1", message.Version);
    }

    [Fact]
    public void Parse_TakesTheDelimitersFromMsh1AndMsh2_WhenTheSenderUsesOthers()
    {
        var text = "MSH#$*@%#LAB#FAC#ESC#RIV#200611021355##ORU$R01#C-1#P#2.4\r"
                 + "OBX#1#NM#2823-3$Potassium$LN##6@F@8*1$x%y#mmol/L\r";

        var message = Hl7Parser.Parse(text);

        var obx = message.Segments[1];
        Assert.Equal(new Hl7Delimiters('#', '$', '*', '@', '%'), message.Delimiters);
        Assert.Equal(("ORU", "R01"), (message.MessageType, message.TriggerEvent));
        Assert.Equal("Potassium", obx.Value(3, 2));
        Assert.Equal(["6@F@8", "1$x%y"], obx.Repetitions(5));
        Assert.Equal("6#8", obx.Value(5, 0, 1, 1));
        Assert.Equal(("x", "y"), (obx.Value(5, 1, 2, 1), obx.Value(5, 1, 2, 2)));
    }

    [Fact]
    public void Unescape_DecodesEveryStandardSequence_AndDropsFormatting()
    {
        var message = Hl7v2Corpus.Parse("v24-escapes-sn-text.hl7");

        var text = message.Segments.Single(s => s.Name == "OBX" && s.Value(1) == "3").Value(5);
        var nte = message.Segments.Single(s => s.Name == "NTE").Value(3);
        var pid = message.Segments.Single(s => s.Name == "PID");

        Assert.Equal("Sample drawn & spun at 13:20| see note\nLine two \\ done OK bold", text);
        Assert.Equal("Ratio 1^2 ~ repeat", nte);
        Assert.Equal(("O^Brien", "Mary"), (pid.Value(5, 1), pid.Value(5, 2)));
    }

    [Theory]
    [InlineData("a\\Xzz\\b", "a\\Xzz\\b")]
    [InlineData("stray \\ backslash", "stray \\ backslash")]
    [InlineData("\\Q\\", "\\Q\\")]
    [InlineData("\\XC2B5\\g/L", "µg/L")]
    [InlineData("\\Cxxyy\\text\\Zlocal\\", "text")]
    public void Unescape_KeepsWhatIsNotAnEscape_AsWritten(string raw, string expected) =>
        Assert.Equal(expected, Hl7Escaping.Unescape(raw, Hl7Delimiters.Standard));

    [Fact]
    public void Escape_ThenUnescape_GivesTheTextBack()
    {
        const string text = "a|b^c~d\\e&f\ng";

        var escaped = Hl7Escaping.Escape(text, Hl7Delimiters.Standard);

        Assert.DoesNotContain('|', escaped);
        Assert.DoesNotContain('^', escaped);
        Assert.Equal(text, Hl7Escaping.Unescape(escaped, Hl7Delimiters.Standard));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not hl7 at all")]
    [InlineData("PID|1||x")]
    [InlineData("MSHA^~\\&|LAB")]
    [InlineData("MSH|^~|LAB|FAC")]
    [InlineData("MSH|^^\\&|LAB|FAC")]
    public void Parse_RefusesWhatHasNoReadableHeader_NamingMsh(string text)
    {
        var error = Assert.Throws<Hl7Exception>(() => Hl7Parser.Parse(text)).Error;

        Assert.Equal((Hl7Error.Reject, "MSH", 1), (error.AckCode, error.Segment, error.Sequence));
    }

    [Fact]
    public void Parse_RefusesASegmentWithoutAName_NamingItsPosition()
    {
        var error = Assert.Throws<Hl7Exception>(() => Hl7Parser.Parse("MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5\rPIDX|1\r")).Error;

        Assert.Equal((Hl7Error.Error, Hl7Error.SegmentSequenceError, 2), (error.AckCode, error.Code, error.Sequence));
    }

    [Fact]
    public void Ack_ForAnError_CarriesMsaAndErrNamingSegmentAndField_InTheMessagesVersion()
    {
        var received = Hl7v2Corpus.Parse("v251-elr-potassium-hh.hl7");
        var error = new Hl7Error(Hl7Error.Error, Hl7Error.DataTypeError, "OBX", 7, 5, "OBX-5 is not a number, but OBX-2 says NM.");

        var ack = Hl7Parser.Parse(Hl7Ack.Build(received, error.AckCode, error.Text, error, new DateTimeOffset(2026, 11, 2, 19, 0, 0, TimeSpan.Zero), "ESCALATION", "RIVERSIDE"));

        Assert.Equal(["MSH", "MSA", "ERR"], ack.Segments.Select(s => s.Name));
        Assert.Equal(("ACK", "R01", "2.5.1"), (ack.MessageType, ack.TriggerEvent, ack.Version));
        Assert.Equal(("LAB", "RIVERSIDE LAB"), (ack.Header.Value(5, 1), ack.Header.Value(6, 1)));
        Assert.Equal("2.16.840.1.113883.3.72.5.20", ack.Header.Value(5, 2));
        Assert.Equal("20261102190000+0000", ack.Header.Value(7));
        var msa = ack.Segments[1];
        Assert.Equal(("AE", "LAB000101"), (msa.Value(1), msa.Value(2)));
        Assert.Equal("OBX-5 is not a number, but OBX-2 says NM.", msa.Value(3));
        var err = ack.Segments[2];
        Assert.Equal(("OBX", "7", "5", "102"), (err.Value(1, 1), err.Value(1, 2), err.Value(1, 3), err.Value(1, 4, 1)));
        Assert.Equal(("OBX", "7", "5"), (err.Value(2, 1), err.Value(2, 2), err.Value(2, 3)));
        Assert.Equal(("102", "Data type error", "HL70357"), (err.Value(3, 1), err.Value(3, 2), err.Value(3, 3)));
        Assert.Equal("E", err.Value(4));
        Assert.Equal("OBX-5 is not a number, but OBX-2 says NM.", err.Value(8));
    }

    [Fact]
    public void Ack_ForAV23Message_WritesMsh9AsTypeAndEventOnly()
    {
        var received = Hl7v2Corpus.Parse("v23-sunquest-bmp-local-codes.hl7");

        var ack = Hl7Parser.Parse(Hl7Ack.Build(received, Hl7Ack.Accept, "7 result(s)", null, DateTimeOffset.UnixEpoch, "ESCALATION", ""));

        Assert.Equal("ACK^R01", ack.Header.Raw(9));
        Assert.Equal(["MSH", "MSA"], ack.Segments.Select(s => s.Name));
        Assert.Equal(("AA", "SQ20061102001"), (ack.Segments[1].Value(1), ack.Segments[1].Value(2)));
    }
}
