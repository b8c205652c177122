namespace Escalation.Tests.Web;

/// <summary>Who may read GET /api/metrics, and what bad input gets.</summary>
[Trait("Category", "Sqlite")]
public sealed class MetricsApiTests : AppTest
{
    [Fact]
    public async Task AKnownHistory_MadeOverHttp_GivesExactlyItsFiguresFromTheApi()
    {
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        using var compliance = await HttpClients.SignedInAsync(App, "compliance@demo.local");
        var ed = await Database.UnitIdAsync("ED");
        var start = App.Clock.GetUtcNow();

        // Critical acknowledged after 60 s, then closed "no action needed" 30 s later: a false positive.
        var m1 = await SendAsync(charge, ed, "Critical");
        App.Clock.Advance(TimeSpan.FromSeconds(60));
        await AckAsync(nurse, m1);
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        (await nurse.PostAsJsonAsync($"/api/messages/{m1}/close", new { outcome = "NoActionNeeded" })).EnsureSuccessStatusCode();

        // Critical that climbs to layer 2 at 3 min (Quartz on the test clock) and is acknowledged at 4 min.
        var m2 = await SendAsync(charge, ed, "Critical");
        App.Clock.Advance(TimeSpan.FromMinutes(3));
        await Eventually.UntilAsync(() => LayerAsync(m2), layer => layer == 2, TimeSpan.FromSeconds(20));
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await AckAsync(charge, m2);

        // Urgent acknowledged after 2 minutes.
        var m3 = await SendAsync(charge, ed, "Urgent");
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await AckAsync(nurse, m3);

        var report = await compliance.GetFromJsonAsync<JsonElement>(
            $"/api/metrics?from={Uri.EscapeDataString(start.ToString("O"))}&to={Uri.EscapeDataString(App.Clock.GetUtcNow().AddSeconds(1).ToString("O"))}");
        var critical = report.GetProperty("byTier").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "Critical");
        var urgent = report.GetProperty("byTier").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "Urgent");

        Assert.Equal((2, 2, 150.0, 150.0, 240.0, 0.5, 0.0, 0, 1),
            (critical.GetProperty("sent").GetInt32(), critical.GetProperty("acknowledged").GetInt32(), critical.GetProperty("mtfaMeanSeconds").GetDouble(),
             critical.GetProperty("mtfaMedianSeconds").GetDouble(), critical.GetProperty("mtfa90thSeconds").GetDouble(), critical.GetProperty("pastLayer1Share").GetDouble(),
             critical.GetProperty("pastLayer2Share").GetDouble(), critical.GetProperty("layer4Activations").GetInt32(), critical.GetProperty("falsePositives").GetInt32()));
        Assert.Equal((1, 120.0), (urgent.GetProperty("sent").GetInt32(), urgent.GetProperty("mtfaMeanSeconds").GetDouble()));
    }

    private static async Task<Guid> SendAsync(HttpClient client, Guid unit, string tier)
    {
        var response = await client.PostAsJsonAsync("/api/messages", new { tier, subject = $"{tier} known", body = "b", unitId = unit });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task AckAsync(HttpClient client, Guid id) => (await client.PostAsync($"/api/messages/{id}/ack", null)).EnsureSuccessStatusCode();

    private async Task<int> LayerAsync(Guid id)
    {
        await using var db = Database.NewContext();
        return await db.Messages.Where(m => m.Id == new Escalation.Domain.Messages.MessageId(id)).Select(m => m.CurrentLayer).SingleAsync();
    }

    [Fact]
    public async Task Metrics_AreForAdministratorsComplianceAndACharge_NursesOwnUnit()
    {
        using var compliance = await HttpClients.SignedInAsync(App, "compliance@demo.local");
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        using var nurse = await HttpClients.SignedInAsync(App, "nurse@demo.local");
        var cardiology = await Database.UnitIdAsync("CARD");

        var all = await compliance.GetFromJsonAsync<JsonElement>("/api/metrics");

        Assert.Equal(3, all.GetProperty("byTier").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await charge.GetAsync("/api/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await charge.GetAsync($"/api/metrics?unitId={cardiology}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync("/api/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await compliance.GetAsync("/api/metrics?tier=Purple")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await compliance.GetAsync("/api/metrics?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z")).StatusCode);
    }
}
