using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Escalation.Domain.Common;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>
/// Turns a request body into a Firely <see cref="Resource"/>, or a <see cref="FhirInputException"/> whose issue becomes
/// the OperationOutcome of the 4xx answer. Firely's <see cref="FhirJsonDeserializer"/> reads in
/// <see cref="DeserializationMode.Recoverable"/> mode, so what real senders emit keeps working (an unknown element, the
/// DSTU2 <c>units</c>, a pre-R4 single-object <c>interpretation</c>), with the errors we refuse enforced again
/// (<see cref="Refused"/>). Problems inside the entries of a Bundle are kept on the Bundle (<see cref="EntryIssues"/>)
/// for <see cref="FhirBundleReader.Validate"/>, so that it can name the entry.
/// </summary>
public static partial class FhirPayloadReader
{
    /// <summary>Larger bodies are refused (too-costly) before parsing; a lab result or a report is far smaller.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <summary>System.Text.Json's default, which Firely's reader keeps: deeper JSON is refused as too costly.</summary>
    public const int MaxDepth = 64;

    /// <summary>Resource types we read or write; any other at the top level is refused as not-supported.</summary>
    public static IReadOnlySet<string> SupportedTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Observation", "DiagnosticReport", "Bundle", "Parameters", "Patient", "OperationOutcome", "CapabilityStatement", "Communication",
    };

    /// <summary>
    /// Firely's issue codes that we refuse although Recoverable mode would let them pass: a duplicate element (readers
    /// disagree on which counts), no or a non-string resourceType, an unknown or wrong-cased resource type (codes are
    /// case-sensitive in FHIR), a JSON null or primitive where an element or object belongs, a value outside a required
    /// value set (a status we cannot judge: issue 13, probe 6), a literal of the wrong type, an array where one value
    /// belongs or the reverse, and a missing 1..1 element.
    /// </summary>
    private static readonly string[] Enforced =
        ["JSON102", "JSON103", "JSON109", "JSON129", "JSON131", "PVAL105", "PVAL116", "PVAL123", "PVAL127", "PVAL130", "PVAL132"];

    /// <summary>The resources whose required elements and value sets we rely on: refused when broken, anywhere in the payload.</summary>
    private static readonly HashSet<string> ActedOn = new(StringComparer.Ordinal)
    {
        "Observation", "DiagnosticReport", "Bundle", "Parameters", "Communication", "OperationOutcome", "CapabilityStatement",
    };


    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Resource Read(string json) => Read(Encoding.UTF8.GetBytes(json));

    public static Resource Read(ReadOnlySpan<byte> body)
    {
        body = WithoutBom(body);
        if (body.Length > MaxBytes)
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.TooCostly, $"The body is {body.Length} bytes; at most {MaxBytes} are accepted."));
        }

        if (IsEmpty(body))
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, "The body is empty: a FHIR resource in JSON was expected."));
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(body).TrimStart();
        }
        catch (DecoderFallbackException e)
        {
            // Decoding leniently would put U+FFFD into a patient's name or a result's value: what was sent is not
            // what we would store and page with, so the body is refused instead.
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"The body is not valid UTF-8 (byte {e.Index + 1}): FHIR JSON is UTF-8."));
        }

        if (text[0] != '{')
        {
            // Firely reads a resource from an object only; an array or a bare value would be a reader error, not the
            // structure error it is. The first character tells which: JSON values start with one of these.
            throw new FhirInputException(text[0] is '[' or '"' or '-' or (>= '0' and <= '9') or 't' or 'f' or 'n'
                ? OperationOutcomeIssue.Error(OperationOutcomeIssue.Structure, "A FHIR resource must be a JSON object.")
                : OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, "The body is not valid JSON: a FHIR resource is a JSON object."));
        }

        Resource? resource;
        IEnumerable<CodedException> issues;
        try
        {
            Deserializer.TryDeserializeResource(text, out resource, out issues);
        }
        catch (JsonException e) when (e.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            // System.Text.Json says so only in its (unlocalised) message.
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.TooCostly, $"The JSON is nested deeper than {MaxDepth} levels."));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            var where = e is JsonException { LineNumber: { } line } json ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "";
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"The body is not valid JSON{where}."));
        }

        return Checked(resource, issues);
    }

    /// <summary>
    /// The settings every read of FHIR JSON uses, ours and <see cref="FhirSourceClient"/>'s: Recoverable, with the
    /// errors we refuse enforced again, so that they reach <see cref="Checked"/>.
    /// </summary>
    public static DeserializerSettings Settings { get; } = new DeserializerSettings().UsingMode(DeserializationMode.Recoverable).Enforcing(Enforced);

    // After Settings: static fields are initialised in the order they are written.
    private static readonly FhirJsonDeserializer Deserializer = new(Settings);

    /// <summary>
    /// What Firely read (<paramref name="resource"/>, with the <paramref name="issues"/> it reported), checked by our
    /// rules: the resource, or a <see cref="FhirInputException"/> naming the first problem outside a Bundle's entries.
    /// </summary>
    public static Resource Checked(Resource? resource, IEnumerable<CodedException> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (resource is null)
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, "The body is not a FHIR resource."));
        }

        var refused = issues.Select(i => Refused(i, resource)).OfType<(string Path, OperationOutcomeIssue Issue)>().ToList();
        try
        {
            refused.AddRange(Unjudgeable(resource, resource.TypeName));
        }
        catch (Hl7.Fhir.Validation.CodedValidationException)
        {
            // Firely throws when a property holds a shape it recovered from (an object where an array belongs); that
            // shape was reported above, and refused unless it is a pre-R4 interpretation, which has no status.
        }
        var entryIssues = refused.Where(r => EntryIndex(r.Path) is not null).ToList();
        if (refused.Except(entryIssues).FirstOrDefault() is { Issue: { } topLevel })
        {
            throw new FhirInputException(topLevel);
        }

        if (!resource.TypeName.StartsWith(Unnamed, StringComparison.Ordinal) && !SupportedTypes.Contains(resource.TypeName))
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.NotSupported,
                $"Resource type {resource.TypeName} is not accepted here (accepted: {string.Join(", ", SupportedTypes.Order(StringComparer.Ordinal))}).", "resourceType"));
        }

        if (resource is Bundle bundle)
        {
            bundle.SetAnnotation(new EntryIssueList(entryIssues.Select(r => (EntryIndex(r.Path)!.Value, r.Issue)).OrderBy(r => r.Item1).ToList()));
        }

        if (FirstRefusedText(resource, resource.TypeName) is { } textIssue)
        {
            throw new FhirInputException(textIssue);
        }

        return resource;
    }

    /// <summary>An empty or whitespace-only body (after any byte-order mark): an R4 rest-hook ping.</summary>
    public static bool IsEmpty(ReadOnlySpan<byte> body)
    {
        foreach (var b in WithoutBom(body))
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The problems found in the entries of a Bundle when it was read, by entry index (0-based).</summary>
    public static IReadOnlyList<(int Index, OperationOutcomeIssue Issue)> EntryIssues(Bundle bundle) =>
        bundle.TryGetAnnotation<EntryIssueList>(out var list) ? list!.Issues : [];

    private sealed record EntryIssueList(IReadOnlyList<(int Index, OperationOutcomeIssue Issue)> Issues);

    /// <summary>The index of the top-level Bundle entry a path lies in ("Bundle.entry[2].resource.status" is 2).</summary>
    private static int? EntryIndex(string path)
    {
        var match = EntryPath().Match(path);
        return match.Success ? int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^Bundle\.entry\[(\d+)\](\.|$)")]
    private static partial Regex EntryPath();

    [GeneratedRegex(@"\[\d+\]$")]
    private static partial Regex TrailingIndex();

    /// <summary>What Firely names a resource without a resourceType: this prefix and the path where it was found.</summary>
    private const string Unnamed = "UnnamedResource_";

    /// <summary>What we make of one of Firely's issues: null when we tolerate it, else the path and the issue we answer.</summary>
    private static (string Path, OperationOutcomeIssue Issue)? Refused(CodedException exception, Resource root)
    {
        var path = (exception as ExtendedCodedException)?.InstancePath is { Length: > 0 } p ? p : root.TypeName;
        if (exception.ErrorCode == "JSON103")
        {
            // Firely gives no path for a missing resourceType, but names the resource it made after where it stood.
            var unnamed = root.TypeName.StartsWith(Unnamed, StringComparison.Ordinal)
                ? null
                : (root as Bundle)?.Entry.Select(e => e?.Resource?.TypeName).FirstOrDefault(t => t?.StartsWith(Unnamed, StringComparison.Ordinal) == true);
            var where = unnamed?[Unnamed.Length..];
            return (where ?? "resourceType", OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, "The resource has no resourceType.", where is null ? "resourceType" : $"{where}.resourceType"));
        }

        if (path.StartsWith("$this", StringComparison.Ordinal))
        {
            path = root.TypeName + path["$this".Length..];
        }

        var message = WithoutPosition(exception.Message);
        var owner = OwnerOf(root, path);
        var ownerType = owner?.TypeName ?? root.TypeName;
        var element = path.Split('.')[^1];
        switch (exception.ErrorCode)
        {
            case "PVAL127" when element.StartsWith("interpretation[", StringComparison.Ordinal):
                return null; // Pre-R4 senders send one interpretation object, not an array: the mapper reads it.
            case "PVAL127" when path == "Bundle.entry[0]" && message.Contains("found a single", StringComparison.Ordinal):
                // A Bundle whose entry is "x" or an object would otherwise be a bundle with nothing in it: "No lab result".
                return ("Bundle.entry", OperationOutcomeIssue.Error(OperationOutcomeIssue.Structure, "Bundle.entry must be an array of entries.", "Bundle.entry"));
            case "PVAL127":
                var single = TrailingIndex().Replace(path, "");
                return (single, OperationOutcomeIssue.Error(OperationOutcomeIssue.Structure, $"{single} {message}", single));
            case "JSON109" or "JSON131" when EntryPath().Match(path) is { Success: true } m && m.Value.EndsWith(']'):
                return (path, OperationOutcomeIssue.Error(OperationOutcomeIssue.Structure, $"Entry {m.Groups[1].Value} is not a JSON object.", path));
            case "JSON109" when ActedOn.Contains(ownerType):
                return (path, OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, $"{ownerType}.{element} is required.", path));
            case "JSON109":
                return null; // A null in a resource we do not act on loses nothing we read.
            case "JSON131" or "PVAL123":
                return (path, OperationOutcomeIssue.Error(OperationOutcomeIssue.Structure, $"{path}: {message}", path));
            case "JSON129":
                return (path, OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"The body names an element twice ({path}): send each element once. {message}", path));
            case "JSON102" or "PVAL130":
                return (path, OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"resourceType must name a FHIR R4 resource: {message}", path == root.TypeName ? "resourceType" : $"{path}.resourceType"));
            case "PVAL132" when path == root.TypeName:
                return (path, OperationOutcomeIssue.Error(OperationOutcomeIssue.NotSupported, $"{message} Resource types are case-sensitive; accepted here: {string.Join(", ", SupportedTypes.Order(StringComparer.Ordinal))}.", "resourceType"));
            case "PVAL132":
                return (path, OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, message, path));
            case "PVAL105" or "PVAL116" when !ActedOn.Contains(ownerType):
                return null; // A Patient or Encounter we only carry along: its completeness is not ours to judge.
            case "PVAL105":
                return (path, OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, $"{ownerType}.{element} is required.", path));
            case "PVAL116":
                return (path, OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"{ownerType}.{element} is not a FHIR R4 code here: {message}", path));
            default:
                return (path, OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"{path}: {message}", path));
        }
    }

    /// <summary>
    /// Firely accepts an empty string as a status (it reads as no status); a status we cannot read cannot be judged
    /// reportable or withdrawn, so it is refused as missing, like R4's own 1..1 rule asks.
    /// </summary>
    private static IEnumerable<(string Path, OperationOutcomeIssue Issue)> Unjudgeable(Resource resource, string path)
    {
        var status = resource switch
        {
            Observation o => o.StatusElement?.JsonValue as string,
            DiagnosticReport r => r.StatusElement?.JsonValue as string,
            _ => "present",
        };
        if (string.IsNullOrEmpty(status) && (resource is Observation { StatusElement: not null } || resource is DiagnosticReport { StatusElement: not null }))
        {
            yield return ($"{path}.status", OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, $"{resource.TypeName}.status is required.", $"{path}.status"));
        }

        if (resource is DomainResource domain)
        {
            for (var i = 0; i < domain.Contained.Count; i++)
            {
                foreach (var issue in Unjudgeable(domain.Contained[i], $"{path}.contained[{i}]"))
                {
                    yield return issue;
                }
            }
        }

        if (resource is Bundle bundle)
        {
            for (var i = 0; i < bundle.Entry.Count; i++)
            {
                if (bundle.Entry[i]?.Resource is { } entry)
                {
                    foreach (var issue in Unjudgeable(entry, $"{path}.entry[{i}].resource"))
                    {
                        yield return issue;
                    }
                }
            }
        }
    }

    /// <summary>The resource a path lies in: the root, a Bundle entry's resource or a contained one, followed down.</summary>
    private static Resource? OwnerOf(Resource root, string path)
    {
        try
        {
            return FollowOwner(root, path);
        }
        catch (Hl7.Fhir.Validation.CodedValidationException)
        {
            return null; // The path runs through a shape Firely recovered from: the issue is named by its path alone.
        }
    }

    private static Resource FollowOwner(Resource root, string path)
    {
        var owner = root;
        foreach (Match step in OwnerStep().Matches(path))
        {
            var index = int.Parse(step.Groups[2].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            Resource? next = step.Groups[1].Value == "entry"
                ? owner is Bundle b && index < b.Entry.Count && step.Groups[3].Success ? b.Entry[index]?.Resource : null
                : owner is DomainResource d && index < d.Contained.Count ? d.Contained[index] : null;
            if (next is null)
            {
                break;
            }

            owner = next;
        }

        return owner;
    }

    [GeneratedRegex(@"\.(entry|contained)\[(\d+)\](\.resource)?")]
    private static partial Regex OwnerStep();

    private static string WithoutPosition(string message)
    {
        var at = message.IndexOf(" At ", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    private const int MaxCodeLength = 256;
    private const int MaxSystemLength = 1024;

    /// <summary>
    /// <see cref="TextRules"/> over every string of the resource, contained and bundled ones too, walked on Firely's
    /// model. Firely does not check them: it accepts a NUL in a code. FHIR R4 itself says strings hold no character
    /// below U+0020 but tab, CR and LF; codes, systems and ids hold none of those either, and have a length a code can
    /// have. A NUL in a LOINC code would otherwise match no limit, be stored, and reach screens and write-backs.
    /// </summary>
    private static OperationOutcomeIssue? FirstRefusedText(Base element, string path)
    {
        foreach (var (name, value) in Elements(element))
        {
            if (TextRules.FirstRefused(name, multiline: false) >= 0 || name.Length > MaxCodeLength)
            {
                return OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, "An element name holds a control character or is too long.", path);
            }

            if (value is IEnumerable<Base> list)
            {
                var index = 0;
                foreach (var item in list)
                {
                    if (Check(item, $"{path}.{name}[{index++}]", name) is { } issue)
                    {
                        return issue;
                    }
                }
            }
            else if (value is Base single && Check(single, $"{path}.{name}", name) is { } issue)
            {
                return issue;
            }
        }

        return null;
    }

    private static OperationOutcomeIssue? Check(Base value, string path, string name)
    {
        if (value is PrimitiveType { JsonValue: string text })
        {
            var (max, multiline) = name switch
            {
                "code" => (MaxCodeLength, false),
                "system" or "url" => (MaxSystemLength, false),
                "id" or "status" or "reference" => (MaxSystemLength, false),
                _ => (int.MaxValue, true),
            };
            if (TextRules.Problem(text, max, multiline) is { } problem)
            {
                return OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"{path} {problem}", path);
            }
        }

        return FirstRefusedText(value, path);
    }

    /// <summary>An element's children as Firely enumerates them (its overflow of unknown elements included).</summary>
    private static IEnumerable<KeyValuePair<string, object>> Elements(Base element)
    {
        try
        {
            return element.EnumerateElements().ToList();
        }
        catch (Hl7.Fhir.Validation.CodedValidationException)
        {
            // Firely cannot enumerate an element it holds in a shape it recovered from; its strings were read by
            // Firely all the same, and nothing we map comes from there but the codes of a legacy interpretation.
            return [];
        }
    }

    private static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> body) =>
        body.StartsWith("\uFEFF"u8) ? body[3..] : body;
}
