using System.Globalization;
using System.Text.RegularExpressions;
using Escalation.Domain.LabResults;
using Escalation.Infrastructure.Fhir.Routing;

namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// Reads the results of an ORU^R01 (v2.3 to v2.5.1) into <see cref="LabObservation"/>s, the model the FHIR intake
/// judges, so that detection is the same code for both. The message is walked in order, as LIS systems send it:
/// PID (and PV1) name the patient, ORC and OBR open an order, each OBX is a result of the order above it, NTE
/// comments belong to the OBX or OBR above them; Z-segments and others are passed over. Anything that would make
/// a result impossible to judge or to recognise again (no status, no code, no order number, a numeric value that is
/// not a number) refuses the whole message with the segment and field named, before anything is recorded.
/// </summary>
public static partial class Hl7ResultReader
{
    /// <summary>v2-0078 abnormal flags are the same codes the FHIR path reads from this system.</summary>
    public const string AbnormalFlagSystem = "http://terminology.hl7.org/CodeSystem/v2-0078";

    public static IReadOnlyList<Hl7LabResult> Read(Hl7Message message, TimeZoneInfo localZone)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(localZone);
        var results = new List<Hl7LabResult>();
        var references = new Dictionary<string, int>(StringComparer.Ordinal);
        Hl7Segment? patient = null;
        Hl7Segment? order = null;
        Hl7Segment? request = null;
        List<string>? comments = null;
        foreach (var segment in message.Segments.Skip(1))
        {
            switch (segment.Name)
            {
                case "PID":
                    patient = segment;
                    order = request = null;
                    comments = null;
                    break;
                case "ORC":
                    order = segment;
                    request = null;
                    comments = null;
                    break;
                case "OBR":
                    request = segment;
                    comments = null;
                    break;
                case "OBX":
                    if (request is null)
                    {
                        throw Error(segment, 0, Hl7Error.SegmentSequenceError, "An OBX must follow the OBR of the order it answers.");
                    }

                    var result = Result(segment, request, order, patient, localZone, message);
                    var count = references[result.Reference] = references.GetValueOrDefault(result.Reference) + 1;
                    // The same code twice in one order without sub-ids (report text lines, say): each keeps its own name.
                    result = count == 1 ? result : result with { Reference = $"{result.Reference}#{count}", Observation = result.Observation with { Id = $"{result.Observation.Id}#{count}" } };
                    comments = [];
                    results.Add(result with { Comments = comments });
                    break;
                case "NTE":
                    if (comments is not null && segment.Repetitions(3).Count > 0)
                    {
                        comments.Add(string.Join(" ", segment.Repetitions(3).Select(r => Hl7Segment.Component(r, 1, 1, segment.Delimiters))).Trim());
                    }

                    break;
            }
        }

        return results;
    }

    /// <summary>OBX-11 (table 0085) as the FHIR status the lifecycle and the detector know.</summary>
    public static string? StatusOf(string code) => code switch
    {
        "F" or "U" => "final",
        "C" => "corrected",
        "P" or "R" or "S" => "preliminary",
        "X" => "cancelled",
        "D" or "W" => "entered-in-error",
        "I" or "O" or "N" => "registered",
        _ => null,
    };

    /// <summary>An HL7 TS/DTM: YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]; without an offset it is the sender's local time.</summary>
    public static DateTimeOffset? Timestamp(string text, TimeZoneInfo localZone)
    {
        ArgumentNullException.ThrowIfNull(localZone);
        var match = TimestampPattern().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        int Part(string name, int fallback) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;
        try
        {
            var fraction = match.Groups["f"].Success ? decimal.Parse("0." + match.Groups["f"].Value, CultureInfo.InvariantCulture) : 0m;
            var local = new DateTime(Part("y", 1), Part("mo", 1), Part("d", 1), Part("h", 0), Part("mi", 0), Part("s", 0), DateTimeKind.Unspecified)
                .AddTicks((long)(fraction * TimeSpan.TicksPerSecond));
            if (match.Groups["z"].Success)
            {
                var zone = match.Groups["z"].Value;
                var offset = new TimeSpan(int.Parse(zone[1..3], CultureInfo.InvariantCulture), int.Parse(zone[3..5], CultureInfo.InvariantCulture), 0);
                return new DateTimeOffset(local, zone[0] == '-' ? -offset : offset);
            }

            return new DateTimeOffset(local, localZone.GetUtcOffset(local));
        }
        catch (ArgumentException)
        {
            // Month 13, an offset of +9999: not a time; shown as none rather than refusing the result.
            return null;
        }
    }

    private static Hl7LabResult Result(Hl7Segment obx, Hl7Segment obr, Hl7Segment? orc, Hl7Segment? pid, TimeZoneInfo zone, Hl7Message message)
    {
        var statusCode = obx.Value(11);
        if (statusCode.Length == 0)
        {
            throw Error(obx, 11, Hl7Error.RequiredFieldMissing, "OBX-11, the result status, is required (F final, C corrected, P preliminary, X or D withdrawn).");
        }

        var status = StatusOf(statusCode) ?? throw Error(obx, 11, Hl7Error.TableValueNotFound, $"OBX-11 '{statusCode}' is not a result status of table 0085.");
        var codes = Codes(obx, 3);
        if (codes.Count == 0)
        {
            throw Error(obx, 3, Hl7Error.RequiredFieldMissing, "OBX-3, the observation identifier, is required.");
        }

        var orderNumber = FirstOf(obr.Value(3), orc?.Value(3), obr.Value(2), orc?.Value(2));
        if (orderNumber is null)
        {
            throw Error(obr, 3, Hl7Error.RequiredFieldMissing, "OBR-3 (filler order number) or OBR-2 (placer order number) is required to recognise a corrected result.");
        }

        var subId = obx.Value(4);
        var id = subId.Length == 0 ? $"{orderNumber}/{codes[0].Code}" : $"{orderNumber}/{codes[0].Code}/{subId}";
        var (quantity, text) = Value(obx, status);
        var observation = new LabObservation
        {
            ResourceType = "OBX",
            Id = id,
            VersionId = message.ControlId,
            Status = status,
            Codes = codes,
            CodeText = FirstOf(obx.Value(3, 2), obx.Value(3, 5)),
            Quantity = quantity,
            StringValue = text,
            Interpretations = obx.Repetitions(8).Select(r => Hl7Segment.Component(r, 1, 1, obx.Delimiters).Trim()).Where(f => f.Length > 0)
                .Select(f => new LabCoding(AbnormalFlagSystem, f, null)).ToList(),
            ReferenceRange = Range(obx.Value(7), quantity?.UnitCode),
            CollectedAt = Timestamp(FirstOf(obx.Value(14), obr.Value(7)) ?? "", zone),
            IssuedAt = Timestamp(FirstOf(obx.Value(19), obr.Value(22)) ?? "", zone),
            PatientDisplay = pid is null ? null : PatientName(pid),
            PatientIdentifier = pid is null ? null : PatientIdentifier(pid),
        };
        var orderedBy = Providers(obr, 16, message).Concat(orc is null ? [] : Providers(orc, 12, message)).ToList();
        return new Hl7LabResult(observation, $"OBX/{id}", obx.Sequence, orderedBy, []);
    }

    /// <summary>
    /// OBX-5 by its OBX-2 type: NM a number (">6.0" kept with its comparator), SN a structured number, ST a number when
    /// it reads as one (many LIS send numbers as ST), CE/CWE the text; anything else as text. A withdrawn result's value
    /// is not read: it is not judged.
    /// </summary>
    private static (LabQuantity? Quantity, string? Text) Value(Hl7Segment obx, string status)
    {
        var type = obx.Value(2).Trim().ToUpperInvariant();
        var raw = obx.Repetitions(5).FirstOrDefault() ?? "";
        if (raw.Length == 0 || status is "cancelled" or "entered-in-error")
        {
            return (null, null);
        }

        var (unitCode, unitText, unitSystem) = (obx.Value(6, 1), obx.Value(6, 2), obx.Value(6, 3));
        LabQuantity Quantity(decimal value, string? comparator) => new(value, FirstOf(unitText, unitCode), FirstOf(unitCode),
            unitSystem.Equals("UCUM", StringComparison.OrdinalIgnoreCase) ? LabQuantity.Ucum : null, comparator);

        var first = Hl7Segment.Component(raw, 1, 1, obx.Delimiters).Trim();
        switch (type)
        {
            case "NM":
                return Number(first) is { } n ? (Quantity(n.Value, n.Comparator), null)
                    : throw Error(obx, 5, Hl7Error.DataTypeError, "OBX-5 is not a number, but OBX-2 says NM.");
            case "SN":
                var comparator = first.Length == 0 ? null : first;
                var number = Hl7Segment.Component(raw, 2, 1, obx.Delimiters).Trim();
                var separator = Hl7Segment.Component(raw, 3, 1, obx.Delimiters).Trim();
                if (separator.Length > 0)
                {
                    // A ratio (1:128) or a range (2-5) is shown as written, not judged by the limits.
                    return (null, $"{comparator}{number}{separator}{Hl7Segment.Component(raw, 4, 1, obx.Delimiters).Trim()}");
                }

                return comparator is null or "<" or ">" or "<=" or ">=" or "=" && Number(number) is { Comparator: null } sn
                    ? (Quantity(sn.Value, comparator is "=" ? null : comparator), null)
                    : throw Error(obx, 5, Hl7Error.DataTypeError, "OBX-5 is not a structured number (comparator^number), but OBX-2 says SN.");
            case "ST":
                return Number(first) is { } st ? (Quantity(st.Value, st.Comparator), null) : (null, Hl7Escaping.Unescape(raw, obx.Delimiters));
            case "CE" or "CWE" or "CNE":
                return (null, FirstOf(Hl7Segment.Component(raw, 2, 1, obx.Delimiters), first));
            default:
                return (null, string.Join(" ", obx.Repetitions(5).Select(r => Hl7Segment.Component(r, 1, 1, obx.Delimiters))).Trim());
        }
    }

    private static (decimal Value, string? Comparator)? Number(string text)
    {
        var match = NumberPattern().Match(text);
        if (!match.Success || !decimal.TryParse(match.Groups["n"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return (value, match.Groups["c"].Success && match.Groups["c"].Value.Length > 0 ? match.Groups["c"].Value : null);
    }

    /// <summary>OBX-7 as the lab writes it: "3.5-5.1", "3.5 - 5.1", "&lt;5.1", "&gt;60"; anything else is kept as text.</summary>
    private static LabReferenceRange? Range(string text, string? unit)
    {
        var range = text.Trim();
        if (range.Length == 0)
        {
            return null;
        }

        var between = RangePattern().Match(range);
        if (between.Success && decimal.TryParse(between.Groups["lo"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
            && decimal.TryParse(between.Groups["hi"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var high))
        {
            return new LabReferenceRange(low, high, unit, range);
        }

        if (Number(range) is { Comparator: { } c } bound)
        {
            return c.StartsWith('<') ? new LabReferenceRange(null, bound.Value, unit, range) : new LabReferenceRange(bound.Value, null, unit, range);
        }

        return new LabReferenceRange(null, null, unit, range);
    }

    /// <summary>OBX-3 (CE/CWE): the identifier and the alternate identifier, LOINC ("LN") named as FHIR names it.</summary>
    private static List<LabCoding> Codes(Hl7Segment obx, int field)
    {
        var codes = new List<LabCoding>();
        foreach (var (codeAt, textAt, systemAt) in new[] { (1, 2, 3), (4, 5, 6) })
        {
            var code = obx.Value(field, codeAt).Trim();
            if (code.Length > 0)
            {
                codes.Add(new LabCoding(CodingSystem(obx.Value(field, systemAt).Trim()), code, FirstOf(obx.Value(field, textAt))));
            }
        }

        return codes;
    }

    private static string? CodingSystem(string system) => system switch
    {
        "" => null,
        "LN" or "LOINC" => LabCoding.Loinc,
        _ => $"urn:hl7v2:coding-system:{system}",
    };

    /// <summary>The ordering providers of an XCN field: ID^family^given^...^assigning authority (component 9).</summary>
    private static IEnumerable<FhirRoutingCandidate> Providers(Hl7Segment segment, int field, Hl7Message message)
    {
        foreach (var repetition in segment.Repetitions(field))
        {
            var id = Hl7Segment.Component(repetition, 1, 1, segment.Delimiters).Trim();
            if (id.Length == 0)
            {
                continue;
            }

            // The assigning authority's namespace, else its universal id; a provider id without one is the sending facility's.
            var authority = FirstOf(Hl7Segment.Component(repetition, 9, 1, segment.Delimiters).Trim(), Hl7Segment.Component(repetition, 9, 2, segment.Delimiters).Trim(),
                message.Header.Value(4, 1).Trim()) ?? "";
            if (authority.Length > 0)
            {
                yield return new FhirRoutingCandidate(FhirRoutingCandidate.Requester, "PractitionerRole", null, [$"{authority}|{id}"]);
            }
        }
    }

    private static string? PatientName(Hl7Segment pid)
    {
        var family = pid.Value(5, 1).Trim();
        var given = pid.Value(5, 2).Trim();
        var middle = pid.Value(5, 3).Trim();
        var name = string.Join(" ", new[] { given, middle, family }.Where(p => p.Length > 0));
        return name.Length == 0 ? null : name;
    }

    /// <summary>PID-3: the medical record number (type MR) when there is one, else the first identifier.</summary>
    private static LabIdentifier? PatientIdentifier(Hl7Segment pid)
    {
        var identifiers = pid.Repetitions(3)
            .Select(r => (Value: Hl7Segment.Component(r, 1, 1, pid.Delimiters).Trim(), Authority: Hl7Segment.Component(r, 4, 1, pid.Delimiters).Trim(), Type: Hl7Segment.Component(r, 5, 1, pid.Delimiters).Trim()))
            .Where(i => i.Value.Length > 0).ToList();
        if (identifiers.Count == 0 && pid.Value(2).Trim() is { Length: > 0 } external)
        {
            return new LabIdentifier(null, external);
        }

        var chosen = identifiers.OrderBy(i => i.Type == "MR" ? 0 : 1).Cast<(string Value, string Authority, string Type)?>().FirstOrDefault();
        return chosen is { } c ? new LabIdentifier(c.Authority.Length == 0 ? null : c.Authority, c.Value, c.Type.Length == 0 ? null : c.Type) : null;
    }

    private static string? FirstOf(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static Hl7Exception Error(Hl7Segment segment, int field, string code, string text) =>
        new(new Hl7Error(Hl7Error.Error, code, segment.Name, segment.Sequence, field, text));

    [GeneratedRegex(@"^(?<y>\d{4})(?:(?<mo>\d{2})(?:(?<d>\d{2})(?:(?<h>\d{2})(?:(?<mi>\d{2})(?:(?<s>\d{2})(?:\.(?<f>\d{1,4}))?)?)?)?)?)?(?<z>[+-]\d{4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"^(?<c><=|>=|<|>)?\s*(?<n>[+-]?(?:\d+\.?\d*|\.\d+))$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^(?<lo>-?\d+(?:\.\d+)?)\s*-\s*(?<hi>-?\d+(?:\.\d+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex RangePattern();
}
