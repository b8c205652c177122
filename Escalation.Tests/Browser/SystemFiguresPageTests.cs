using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>/admin/system shows an administrator the operators' figures without a collector; nobody else sees the page.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SystemFiguresPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Administrator_SeesTheEngineAndIntegrationFigures_AChargeNurseIsRefused()
    {
        using var ehr = HttpClients.WithApiKey(fixture.App, DemoData.IntegrationKey);
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var ed = await HttpClients.UnitIdAsync(admin, "ED");
        (await ehr.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject = "Figures check", body = "b", unitId = ed, source = "Ehr" })).EnsureSuccessStatusCode();

        var page = await fixture.OpenSignedInAsync("admin@demo.local", "/admin/system");

        var card = page.GetByTestId("operations");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card.GetByTestId("ops-intake")).ToContainTextAsync("Ehr");
        await Expect(card.GetByTestId("ops-due")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));
        await Expect(card.GetByTestId("ops-outbox")).ToContainTextAsync("·");
        await Expect(card.GetByTestId("ops-audit")).ToContainTextAsync("·");
        await Expect(card.GetByTestId("ops-roster")).ToBeVisibleAsync();
        await Expect(card).Not.ToContainTextAsync("Figures check");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/i18-nodes-admin-system.png", FullPage = true });
        await page.Context.CloseAsync();

        var charge = await fixture.HomePageAsync("charge@demo.local");
        var refused = await charge.GotoAsync("/admin/system");
        Assert.Equal(403, refused!.Status);
        await Expect(charge.GetByTestId("operations")).ToHaveCountAsync(0);
        await charge.Context.CloseAsync();
    }
}
