using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Escalation.Tests.Fhir;

namespace Escalation.Tests.Support;

/// <summary>
/// The demo app set up to reach Layer 4 by phone in seconds: a critical potassium from the EHR, on a ladder with the
/// drill ladder's 5-second layers 1-3 and the Critical ladder's Layer 4 (department head, Inbox + SMS + Voice, 5
/// minutes, so several calls a minute apart fit in it), climbed with the app's test clock.
/// </summary>
public static class PhoneLadder
{
    public const string HeadPhone = "+15555550104";

    /// <summary>An administrator builds the ladder and points the Critical tier at it, as a site would for a live test of its phones.</summary>
    public static async Task UseForCriticalAsync(AppHost app)
    {
        using var admin = await HttpClients.SignedInAsync(app, "admin@demo.local");
        string[][] channels = [["Inbox"], ["Inbox"], ["Inbox"], ["Inbox", "Sms", "Voice"]];
        string[][] roles = [["PrimaryNurse"], ["ChargeNurse"], ["Attending", "OnCallPhysician"], ["DepartmentHead"]];
        using var created = await admin.PostAsJsonAsync("/api/ladders", new
        {
            name = "Fast with phones",
            layers = Enumerable.Range(0, 4).Select(i => new { roles = roles[i], timeoutSeconds = i < 3 ? 5 : 300, channels = channels[i] }),
            changeNote = "Layer-4 phone test",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ladder = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("familyId").GetGuid();
        using var tier = await admin.PutAsJsonAsync("/api/tiers/Critical", new { escalates = true, ladderId = ladder, requiresAck = true });
        Assert.True(tier.IsSuccessStatusCode, await tier.Content.ReadAsStringAsync());
    }

    /// <summary>POSTs the corpus' critical potassium (K 6.8 HH) as the EHR would; another <paramref name="suffix"/> is another result.</summary>
    public static async Task<Guid> PostCriticalPotassiumAsync(AppHost app, TestDatabase database, string suffix = "")
    {
        var node = JsonNode.Parse(FhirCorpus.Bytes("ours-potassium-6.8-hh.json"))!;
        var id = $"{node["id"]}{suffix}";
        node["id"] = id;
        using var client = HttpClients.WithApiKey(app, DemoData.IntegrationKey);
        using var content = new StringContent(node.ToJsonString());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await client.PostAsync("/fhir/Observation", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = database.NewContext();
        return await db.Messages.AsNoTracking().Where(m => m.Source == MessageSource.Ehr && m.ExternalId!.StartsWith($"Observation/{id}/")).Select(m => m.Id.Value).SingleAsync();
    }

    /// <summary>Moves the clock 5 s at a time, waiting each time for the deadline to move the message up.</summary>
    public static async Task ClimbToLayerFourAsync(AppHost app, TestDatabase database, Guid messageId)
    {
        for (var layer = 2; layer <= 4; layer++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(5));
            var expected = layer;
            await Eventually.UntilAsync(
                async () =>
                {
                    await using var db = database.NewContext();
                    return await db.Messages.AsNoTracking().SingleAsync(m => m.Id == new MessageId(messageId));
                },
                m => m.CurrentLayer == expected,
                TimeSpan.FromSeconds(10));
        }
    }
}
