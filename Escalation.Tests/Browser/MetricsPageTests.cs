using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>The metrics page shows exactly what GET /api/metrics returns, because both come from one computation.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MetricsPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ThePage_ShowsTheApisFigures_ForEveryTier()
    {
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var ed = await HttpClients.UnitIdAsync(admin, "ED");
        var sent = await admin.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject = "Metrics check", body = "b", unitId = ed });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        fixture.App.Clock.Advance(TimeSpan.FromSeconds(90));
        using var nurse = await HttpClients.SignedInAsync(fixture.App, "nurse@demo.local");
        (await nurse.PostAsync($"/api/messages/{id}/ack", null)).EnsureSuccessStatusCode();

        var page = await fixture.OpenSignedInAsync("compliance@demo.local", "/metrics", 1400, 900);
        var from = fixture.App.Clock.GetUtcNow().AddDays(-30);
        var api = await admin.GetFromJsonAsync<JsonElement>($"/api/metrics?from={Uri.EscapeDataString(from.ToString("O"))}");

        foreach (var tier in api.GetProperty("byTier").EnumerateArray())
        {
            var row = page.GetByTestId($"metrics-{tier.GetProperty("tier").GetString()!.ToLowerInvariant()}");
            await Expect(row.GetByTestId("sent")).ToHaveTextAsync(tier.GetProperty("sent").GetInt32().ToString());
            await Expect(row.GetByTestId("acknowledged")).ToHaveTextAsync(tier.GetProperty("acknowledged").GetInt32().ToString());
            await Expect(row.GetByTestId("mtfa-median")).ToHaveTextAsync(Duration(tier.GetProperty("mtfaMedianSeconds")));
            await Expect(row.GetByTestId("layer4")).ToHaveTextAsync(tier.GetProperty("layer4Activations").GetInt32().ToString());
        }

        var critical = api.GetProperty("byTier").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "Critical");
        Assert.True(critical.GetProperty("acknowledged").GetInt32() >= 1);
        await Expect(page.GetByTestId("chart-mtfa").Locator("svg").First).ToBeVisibleAsync();

        // The charts' tables carry the API's weekly figures too: the week of this message, as the API gives it.
        var week = api.GetProperty("weekly").EnumerateArray().Last();
        var weekly = week.GetProperty("byTier").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "Critical");
        var key = week.GetProperty("weekStarting").GetString();
        var mtfaRow = page.GetByTestId("chart-mtfa-table").Locator($"[data-key='{key}']");
        await Expect(mtfaRow.Locator("td[data-series='Median']")).ToHaveTextAsync(Duration(weekly.GetProperty("mtfaMedianSeconds")));
        await Expect(mtfaRow.Locator("td[data-series='Mean']")).ToHaveTextAsync(Duration(weekly.GetProperty("mtfaMeanSeconds")));
        var rateRow = page.GetByTestId("chart-escalation-table").Locator($"[data-key='{key}']");
        await Expect(rateRow.Locator("td[data-series='Critical: past layer 1']")).ToHaveTextAsync(Percent(weekly.GetProperty("pastLayer1Share")));
        var layer4 = week.GetProperty("byTier").EnumerateArray().Sum(t => t.GetProperty("layer4Activations").GetInt32());
        await Expect(page.GetByTestId("chart-layer4-table").Locator($"[data-key='{key}'] td")).ToHaveTextAsync(layer4.ToString());
        await Expect(page.GetByTestId("chart-mtfa").GetByTestId("metric-target")).ToContainTextAsync("3 min");
        await BrowserFixture.ScreenshotAsync(page, "metrics");
        await page.Context.CloseAsync();
    }

    private static string Percent(JsonElement share) =>
        share.ValueKind == JsonValueKind.Null ? "–" : $"{(100 * share.GetDouble()).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} %";

    private static string Duration(JsonElement seconds) =>
        seconds.ValueKind == JsonValueKind.Null ? "–" : $"{(int)(seconds.GetDouble() / 60)}:{(int)(seconds.GetDouble() % 60):00}";
}
