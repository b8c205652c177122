using Escalation.Domain.LabResults;
using Escalation.Infrastructure.Fhir.Routing;
using Escalation.Infrastructure.Hl7v2;
using Escalation.Tests.Fhir;

namespace Escalation.Tests.Hl7v2;

[Trait("Category", "Unit")]
public sealed class Hl7ResultReaderTests
{
    private static IReadOnlyList<Hl7LabResult> Read(string name) => Hl7ResultReader.Read(Hl7v2Corpus.Parse(name), TimeZoneInfo.Utc);

    private static Detection Judge(LabObservation observation) => CriticalResultDetector.Evaluate(observation, CriticalLimits.Defaults, LabDetectionPolicy.Default);

    [Fact]
    public void V251Potassium_ReadsAsTheFhirPathsResult_AndIsJudgedTheSame()
    {
        var result = Assert.Single(Read("v251-elr-potassium-hh.hl7"));
        var fhir = FhirCorpus.Observation("ours-potassium-6.8-hh.json");

        var o = result.Observation;
        Assert.Equal("OBX/LAB9001/2823-3", result.Reference);
        Assert.Equal(("LAB000101", "final"), (o.VersionId, o.Status));
        Assert.Equal(new LabCoding(LabCoding.Loinc, "2823-3", "Potassium [Moles/volume] in Serum or Plasma"), Assert.Single(o.Codes));
        Assert.Equal(new LabQuantity(6.8m, "millimole per liter", "mmol/L", LabQuantity.Ucum), o.Quantity);
        Assert.Equal(new LabReferenceRange(3.5m, 5.1m, "mmol/L", "3.5-5.1"), o.ReferenceRange);
        Assert.Equal([new LabCoding(Hl7ResultReader.AbnormalFlagSystem, "HH", null)], o.Interpretations);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 18, 20, 0, TimeSpan.Zero), o.CollectedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 18, 53, 0, TimeSpan.Zero), o.IssuedAt);
        Assert.Equal("Jane Q Testpatient", o.PatientDisplay);
        Assert.Equal(new LabIdentifier("RIVERSIDE", "MRN-48213", "MR"), o.PatientIdentifier);
        Assert.Equal(["Critical value called to and read back by RN (ED)."], result.Comments);
        Assert.Equal(["RIVERSIDE|D1234", "RIVERSIDE|D1234"], result.OrderedBy.Select(c => c.Identifiers.Single()));
        Assert.All(result.OrderedBy, c => Assert.Equal((FhirRoutingCandidate.Requester, "PractitionerRole"), (c.Role, c.ResourceType)));

        // The same detector, the same verdict, as the FHIR potassium of the same value and flag.
        var (hl7, fromFhir) = (Judge(o), Judge(fhir));
        Assert.Equal((DetectionOutcome.Critical, ResultFlag.Critical), (hl7.Outcome, hl7.Flag));
        Assert.Equal((fromFhir.Outcome, fromFhir.Flag), (hl7.Outcome, hl7.Flag));
    }

    [Fact]
    public void V23Panel_SevenResults_ByTheAlternateLoincCode_TheZSegmentPassedOver()
    {
        var results = Read("v23-sunquest-bmp-local-codes.hl7");

        Assert.Equal(7, results.Count);
        Assert.Equal(["NA", "K", "CL", "CO2", "BUN", "CREA", "GLU"], results.Select(r => r.Observation.Codes[0].Code));
        var potassium = results[1].Observation;
        Assert.Equal([new LabCoding("urn:hl7v2:coding-system:L", "K", "POTASSIUM"), new LabCoding(LabCoding.Loinc, "2823-3", "Potassium")], potassium.Codes);
        Assert.Equal("OBX/BMP7710/K", results[1].Reference);
        Assert.Equal(["Hemolysis index within limits. Repeat requested."], results[1].Comments);
        Assert.Empty(results[0].Comments); // the NTE after OBR is the order's, not the first result's
        Assert.Equal(["RIVERSIDE|1234"], results[1].OrderedBy.Select(c => c.Identifiers.Single())); // no assigning authority: the sending facility's
        Assert.Equal(new DateTimeOffset(2006, 11, 2, 13, 20, 0, TimeSpan.Zero), potassium.CollectedAt);
        Assert.Equal(new LabIdentifier("MRN", "0048213", null), potassium.PatientIdentifier);

        var judged = results.Select(r => Judge(r.Observation)).ToList();
        Assert.Equal([DetectionOutcome.None, DetectionOutcome.Critical, DetectionOutcome.None, DetectionOutcome.None, DetectionOutcome.None, DetectionOutcome.None, DetectionOutcome.None],
            judged.Select(d => d.Outcome));
        Assert.Contains("below the critical low 2.8", judged[1].Reason, StringComparison.Ordinal);
        Assert.Equal(ResultFlag.Abnormal, judged[6].Flag);
    }

    [Fact]
    public void V24ValueTypes_SnAndStAreNumbersWithTheirComparator_TxAndCeAreText()
    {
        var results = Read("v24-escapes-sn-text.hl7");

        Assert.Equal(new LabQuantity(0.5m, "mmol/L", "mmol/L", null, "<"), results[0].Observation.Quantity);
        Assert.Equal(new LabQuantity(7.0m, "mmol/L", "mmol/L", null, ">"), results[1].Observation.Quantity);
        Assert.Equal(DetectionOutcome.Critical, Judge(results[1].Observation).Outcome);
        Assert.Equal("Sample drawn & spun at 13:20| see note\nLine two \\ done OK bold", results[2].Observation.StringValue);
        Assert.Null(results[2].Observation.Quantity);
        Assert.Equal("Yellow", results[3].Observation.StringValue);
        Assert.Equal(["Ratio 1^2 ~ repeat"], results[3].Comments);
        Assert.Equal("Mary O^Brien", results[0].Observation.PatientDisplay);
        Assert.Equal(["RIVERSIDE|4321"], results[0].OrderedBy.Select(c => c.Identifiers.Single())); // ORC-12 when OBR-16 is empty
    }

    [Theory]
    [InlineData("F", "final")]
    [InlineData("U", "final")]
    [InlineData("C", "corrected")]
    [InlineData("P", "preliminary")]
    [InlineData("X", "cancelled")]
    [InlineData("D", "entered-in-error")]
    [InlineData("W", "entered-in-error")]
    [InlineData("I", "registered")]
    public void ResultStatus_MapsToTheStatusTheLifecycleKnows(string obx11, string status)
    {
        var result = Assert.Single(Hl7ResultReader.Read(Hl7Parser.Parse(Message($"OBX|1|NM|2823-3^Potassium^LN||6.8|mmol/L|3.5-5.1|HH|||{obx11}")), TimeZoneInfo.Utc));

        Assert.Equal(status, result.Observation.Status);
    }

    [Theory]
    [InlineData("2.3")]
    [InlineData("2.3.1")]
    [InlineData("2.4")]
    [InlineData("2.5")]
    [InlineData("2.5.1")]
    public void EveryVersionFrom23To251_ReadsTheSameResult(string version)
    {
        var result = Assert.Single(Hl7ResultReader.Read(Hl7Parser.Parse(Message("OBX|1|NM|2823-3^Potassium^LN||6.8|mmol/L|3.5-5.1|HH|||F", version)), TimeZoneInfo.Utc));

        Assert.Equal((6.8m, "final", DetectionOutcome.Critical), (result.Observation.Quantity!.Value, result.Observation.Status, Judge(result.Observation).Outcome));
    }

    [Theory]
    [InlineData("OBX|1|NM|2823-3^Potassium^LN||6,8|mmol/L|||||F", "OBX", 5, Hl7Error.DataTypeError)]
    [InlineData("OBX|1|NM|2823-3^Potassium^LN||6.8|mmol/L|||||", "OBX", 11, Hl7Error.RequiredFieldMissing)]
    [InlineData("OBX|1|NM|2823-3^Potassium^LN||6.8|mmol/L|||||Q", "OBX", 11, Hl7Error.TableValueNotFound)]
    [InlineData("OBX|1|NM|||6.8|mmol/L|||||F", "OBX", 3, Hl7Error.RequiredFieldMissing)]
    [InlineData("OBX|1|SN|2823-3^Potassium^LN||!^6.8|mmol/L|||||F", "OBX", 5, Hl7Error.DataTypeError)]
    public void ResultThatCannotBeJudged_IsAnErrorNamingSegmentAndField(string obx, string segment, int field, string code)
    {
        var error = Assert.Throws<Hl7Exception>(() => Hl7ResultReader.Read(Hl7Parser.Parse(Message(obx)), TimeZoneInfo.Utc)).Error;

        Assert.Equal((Hl7Error.Error, segment, 4, field, code), (error.AckCode, error.Segment, error.Sequence, error.Field, error.Code));
    }

    [Fact]
    public void ResultWithoutAnOrder_IsAnError_NamingTheSegment()
    {
        var withoutObr = Hl7Parser.Parse("MSH|^~\\&|LAB|FAC|ESC|RIV|20261102||ORU^R01|C-9|P|2.5\rPID|1||M1^^^H^MR\rOBX|1|NM|2823-3^Potassium^LN||6.8|mmol/L|||||F\r");
        var withoutNumber = Hl7Parser.Parse("MSH|^~\\&|LAB|FAC|ESC|RIV|20261102||ORU^R01|C-9|P|2.5\rOBR|1|||2823-3^Potassium^LN\rOBX|1|NM|2823-3^Potassium^LN||6.8|mmol/L|||||F\r");

        var sequence = Assert.Throws<Hl7Exception>(() => Hl7ResultReader.Read(withoutObr, TimeZoneInfo.Utc)).Error;
        var number = Assert.Throws<Hl7Exception>(() => Hl7ResultReader.Read(withoutNumber, TimeZoneInfo.Utc)).Error;

        Assert.Equal(("OBX", 3, Hl7Error.SegmentSequenceError), (sequence.Segment, sequence.Sequence, sequence.Code));
        Assert.Equal(("OBR", 2, 3, Hl7Error.RequiredFieldMissing), (number.Segment, number.Sequence, number.Field, number.Code));
    }

    [Theory]
    [InlineData("20261102132000-0500", "2026-11-02T18:20:00+00:00")]
    [InlineData("20261102132000.25+0100", "2026-11-02T12:20:00.25+00:00")]
    [InlineData("202611021320", "2026-11-02T18:20:00+00:00")]
    [InlineData("20260702132000", "2026-07-02T17:20:00+00:00")]
    [InlineData("20261102", "2026-11-02T05:00:00+00:00")]
    public void Timestamp_WithAnOffset_OrInTheSendersZone(string text, string utc) =>
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), Hl7ResultReader.Timestamp(text, Zones.NewYork));

    [Fact]
    public void SameCodeTwiceInAnOrder_WithoutSubIds_EachKeepsItsOwnName()
    {
        var text = Message("OBX|1|TX|11502-2^Lab report^LN||line one||||||F\rOBX|2|TX|11502-2^Lab report^LN||line two||||||F");

        var results = Hl7ResultReader.Read(Hl7Parser.Parse(text), TimeZoneInfo.Utc);

        Assert.Equal(["OBX/F-1/11502-2", "OBX/F-1/11502-2#2"], results.Select(r => r.Reference));
    }

    [Fact]
    public void OutOfRangeNumbersAndTimes_AreKeptAsTextOrNone_NeverAFailure()
    {
        var text = Message("OBX|1|NM|2823-3^Potassium^LN||6.8|mmol/L|1-99999999999999999999999999999999|HH|||F|||20261399+9999");

        var result = Assert.Single(Hl7ResultReader.Read(Hl7Parser.Parse(text), TimeZoneInfo.Utc));

        Assert.Equal(new LabReferenceRange(null, null, "mmol/L", "1-99999999999999999999999999999999"), result.Observation.ReferenceRange);
        Assert.Null(result.Observation.CollectedAt);
        Assert.Null(Hl7ResultReader.Timestamp("20261102+9999", TimeZoneInfo.Utc));
        Assert.Equal(DetectionOutcome.Critical, Judge(result.Observation).Outcome);
    }

    private static string Message(string obx, string version = "2.5.1") =>
        $"MSH|^~\\&|LAB|FAC|ESC|RIV|20261102||ORU^R01|C-1|P|{version}\rPID|1||M1^^^H^MR||Doe^Jane\rOBR|1|P-1|F-1|2823-3^Potassium^LN\r{obx}\r";
}
