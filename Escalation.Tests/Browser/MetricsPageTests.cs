using System.Net.Http.Json;
using System.Text.Json;
using Escalation.Infrastructure.Seeding;
using Escalation.Tests.Support;
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

        var page = await fixture.NewPageAsync(1400, 900);
        await BrowserFixture.SignInAsync(page, "compliance@demo.local", DemoData.Password);
        await page.GotoAsync("/metrics");
        await BrowserFixture.WaitForInteractiveAsync(page);
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
        await BrowserFixture.ScreenshotAsync(page, "metrics");
        await page.Context.CloseAsync();
    }

    private static string Duration(JsonElement seconds) =>
        seconds.ValueKind == JsonValueKind.Null ? "–" : $"{(int)(seconds.GetDouble() / 60)}:{(int)(seconds.GetDouble() % 60):00}";
}
