using System.Text;
using System.Text.Json;

namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// Turns a request body into a <see cref="FhirResource"/> or a <see cref="FhirInputException"/> whose issue becomes the
/// OperationOutcome of the 4xx answer. A UTF-8 byte-order mark is accepted (several EHR interfaces send one).
/// Only the top-level resource is checked here: the entries of a batch or transaction are checked one by one by
/// <see cref="FhirBundleReader.Validate"/>, so that a batch can accept its good entries.
/// </summary>
public static class FhirParser
{
    /// <summary>Larger bodies are refused (too-costly) before parsing; a lab result or a report is far smaller.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    private const int MaxDepth = 64;

    public static FhirResource Parse(ReadOnlySpan<byte> body)
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

        JsonDocument document;
        try
        {
            // A duplicate element ("status" twice) is refused: readers disagree on which one counts.
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException) when (TooDeep(body))
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.TooCostly, $"The JSON is nested deeper than {MaxDepth} levels."));
        }
        catch (JsonException e) when (e.Message.Contains("uplicate", StringComparison.Ordinal))
        {
            // System.Text.Json says so only in its (unlocalised) message.
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"The body names an element twice{(e.Path is { Length: > 1 } path ? $" ({path})" : "")}: send each element once."));
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"The body is not valid JSON{where}."));
        }

        using (document)
        {
            if (FhirValidator.Check(document.RootElement) is { } issue)
            {
                throw new FhirInputException(issue);
            }

            if (FhirTextRules.Check(document.RootElement) is { } text)
            {
                throw new FhirInputException(text);
            }

            return new FhirResource(document.RootElement);
        }
    }

    public static FhirResource Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

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

    /// <summary>Whether the JSON nests deeper than we accept, read without a depth limit up to the first syntax error.</summary>
    private static bool TooDeep(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= MaxDepth)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // A syntax error before the limit: the body is invalid, not too deep.
        }

        return false;
    }

    private static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> body) =>
        body.StartsWith("\uFEFF"u8) ? body[3..] : body;
}
