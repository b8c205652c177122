using System.Globalization;
using System.Text.Json.Nodes;

namespace Escalation.Infrastructure.Fhir;

/// <summary>A completed R4 Communication recording that a lab result reached a clinician.</summary>
public static class CommunicationJson
{
    public static string Build(CommunicationDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.AboutObservation);
        var communication = new JsonObject { ["resourceType"] = "Communication" };
        if (draft.Id is not null)
        {
            communication["id"] = draft.Id;
        }

        if (draft.Identifier is { } identifier)
        {
            communication["identifier"] = new JsonArray(new JsonObject { ["system"] = identifier.System, ["value"] = identifier.Value });
        }

        if (draft.BasedOn.Count > 0)
        {
            communication["basedOn"] = new JsonArray(draft.BasedOn.Select(b => (JsonNode)new JsonObject { ["reference"] = b }).ToArray());
        }

        communication["status"] = "completed";
        if (draft.Subject is not null)
        {
            communication["subject"] = new JsonObject { ["reference"] = draft.Subject };
        }

        communication["about"] = new JsonArray(new JsonObject { ["reference"] = draft.AboutObservation });
        communication["sent"] = Instant(draft.Sent);
        if (draft.Received is { } received)
        {
            communication["received"] = Instant(received);
        }

        var recipients = draft.Recipients.Select(r => (JsonNode)new JsonObject { ["reference"] = r }).ToList();
        if (draft.RecipientDisplay is not null)
        {
            recipients.Add(new JsonObject { ["display"] = draft.RecipientDisplay });
        }

        if (recipients.Count > 0)
        {
            communication["recipient"] = new JsonArray(recipients.ToArray());
        }

        if (draft.Sender is not null || draft.SenderDisplay is not null)
        {
            var sender = new JsonObject();
            if (draft.Sender is not null)
            {
                sender["reference"] = draft.Sender;
            }

            if (draft.SenderDisplay is not null)
            {
                sender["display"] = draft.SenderDisplay;
            }

            communication["sender"] = sender;
        }

        communication["payload"] = new JsonArray(new JsonObject { ["contentString"] = draft.PayloadText });
        return communication.ToJsonString();
    }

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
