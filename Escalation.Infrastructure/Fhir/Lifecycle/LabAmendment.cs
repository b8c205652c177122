using System.Globalization;

namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>What a worse amendment's message says about the version it amends.</summary>
public sealed record LabAmendment(string EarlierVersion, DateTimeOffset EarlierReceivedAt, string EarlierValue, Guid? EarlierMessageId)
{
    public string SubjectPrefix => "Amended: ";

    public string BodyLead =>
        string.Create(CultureInfo.InvariantCulture,
            $"AMENDED: replaces version {EarlierVersion} received {EarlierReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC (was {EarlierValue}){(EarlierMessageId is { } id ? $"; earlier message {id}" : "; no message was sent for it")}.");
}
