using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>
/// The resources we emit, built with Firely's model and written with its serializer: the OperationOutcome of every
/// answer, the Communication written back to a source, the CapabilityStatement at /fhir/metadata and the searchset
/// Bundle of GET /fhir/Communication.
/// </summary>
public static class FhirWriter
{
    public const string FhirVersion = "4.0.1";

    private static readonly FhirJsonSerializer Serializer = new();

    public static string Json(Resource resource) => Serializer.SerializeToString(resource);

    /// <summary>The OperationOutcome body of an answer (or of a batch entry's response).</summary>
    public static OperationOutcome BuildOperationOutcome(IEnumerable<OperationOutcomeIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var outcome = new OperationOutcome();
        foreach (var issue in issues)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = EnumUtility.ParseLiteral<OperationOutcome.IssueSeverity>(issue.Severity),
                Code = EnumUtility.ParseLiteral<OperationOutcome.IssueType>(issue.Code),
                Diagnostics = issue.Diagnostics,
                Expression = issue.Expression is null ? [] : [issue.Expression],
            });
        }

        return outcome;
    }

    public static string OperationOutcomeJson(IEnumerable<OperationOutcomeIssue> issues) => Json(BuildOperationOutcome(issues));

    /// <summary>A completed R4 Communication recording that a lab result reached a clinician.</summary>
    public static Communication BuildCommunication(CommunicationDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.AboutObservation);
        var communication = new Communication
        {
            Id = draft.Id,
            Status = EventStatus.Completed,
            Subject = draft.Subject is null ? null : new ResourceReference(draft.Subject),
            About = [new ResourceReference(draft.AboutObservation)],
            Sent = Instant(draft.Sent),
            Received = draft.Received is { } received ? Instant(received) : null,
            Payload = [new Communication.PayloadComponent { Content = new FhirString(draft.PayloadText) }],
        };
        if (draft.Identifier is { } identifier)
        {
            communication.Identifier.Add(new Identifier(identifier.System, identifier.Value));
        }

        communication.BasedOn.AddRange(draft.BasedOn.Select(b => new ResourceReference(b)));
        communication.Recipient.AddRange(draft.Recipients.Select(r => new ResourceReference(r)));
        if (draft.RecipientDisplay is not null)
        {
            communication.Recipient.Add(new ResourceReference { Display = draft.RecipientDisplay });
        }

        if (draft.Sender is not null || draft.SenderDisplay is not null)
        {
            communication.Sender = new ResourceReference { Reference = draft.Sender, Display = draft.SenderDisplay };
        }

        return communication;
    }

    public static string CommunicationJson(CommunicationDraft draft) => Json(BuildCommunication(draft));

    /// <summary>
    /// What GET [base]/metadata answers: an R4 server that accepts Observation and DiagnosticReport creates, Bundles
    /// through the system-level transaction and batch interactions, and lets callers read Communications and search
    /// them by about.
    /// </summary>
    public static CapabilityStatement BuildCapabilityStatement(DateTimeOffset date, string softwareName, string? softwareVersion = null, Uri? baseUrl = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(softwareName);
        var communication = Resource("Communication", CapabilityStatement.TypeRestfulInteraction.Read, CapabilityStatement.TypeRestfulInteraction.SearchType);
        communication.SearchParam.Add(new CapabilityStatement.SearchParamComponent
        {
            Name = "about",
            Definition = "http://hl7.org/fhir/SearchParameter/Communication-about",
            Type = SearchParamType.Reference,
        });
        return new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = softwareName, Version = softwareVersion },
            Implementation = baseUrl is null ? null : new CapabilityStatement.ImplementationComponent { Description = softwareName, Url = baseUrl.ToString() },
            FhirVersionElement = new Code<FHIRVersion> { JsonValue = FhirVersion },
            Format = ["json"],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Resource =
                    [
                        Resource("Observation", CapabilityStatement.TypeRestfulInteraction.Create),
                        Resource("DiagnosticReport", CapabilityStatement.TypeRestfulInteraction.Create),
                        communication,
                    ],
                    Interaction =
                    [
                        new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction },
                        new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Batch },
                    ],
                },
            ],
        };
    }

    public static string CapabilityStatementJson(DateTimeOffset date, string softwareName, string? softwareVersion = null, Uri? baseUrl = null) =>
        Json(BuildCapabilityStatement(date, softwareName, softwareVersion, baseUrl));

    /// <summary>An R4 <c>searchset</c> Bundle of stored resources, each a match, with its absolute URL.</summary>
    public static Bundle BuildSearchBundle(Uri self, IReadOnlyList<(Uri FullUrl, Resource Resource)> matches)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(matches);
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Total = matches.Count,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = self.AbsoluteUri }],
        };
        bundle.Entry.AddRange(matches.Select(m => new Bundle.EntryComponent
        {
            FullUrl = m.FullUrl.AbsoluteUri,
            Resource = m.Resource,
            Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
        }));
        return bundle;
    }

    private static CapabilityStatement.ResourceComponent Resource(string type, params CapabilityStatement.TypeRestfulInteraction[] interactions) =>
        new()
        {
            TypeElement = new Code<ResourceType> { JsonValue = type },
            Interaction = interactions.Select(i => new CapabilityStatement.ResourceInteractionComponent { Code = i }).ToList(),
        };

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
