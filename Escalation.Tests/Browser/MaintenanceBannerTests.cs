using Escalation.Infrastructure.Compliance;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>The maintenance banner appears 30 minutes ahead on the test clock, and the board shows the fallback procedure during the window.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MaintenanceBannerTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Banner_AppearsThirtyMinutesAhead_AndTheBoardShowsTheFallbackDuringTheWindow()
    {
        var maintenance = fixture.App.Services.GetRequiredService<Maintenance>();
        var page = await fixture.OpenSignedInAsync("charge@demo.local", "/board", 1400, 900);
        var now = fixture.App.Clock.GetUtcNow();
        var later = await maintenance.ScheduleAsync(now.AddMinutes(32), now.AddMinutes(92), "Server patching", "Phone the charge nurse on extension 4400.", "admin");
        Guid? soon = null;
        try
        {
            fixture.App.Clock.Advance(TimeSpan.FromSeconds(30));
            await Expect(page.GetByTestId("maintenance-banner")).ToHaveCountAsync(0);

            fixture.App.Clock.Advance(TimeSpan.FromMinutes(2)); // 29.5 minutes before: announced
            await Expect(page.GetByTestId("maintenance-banner")).ToContainTextAsync("Planned maintenance from");
            await Expect(page.GetByTestId("board-fallback")).ToHaveCountAsync(0);
            await BrowserFixture.ScreenshotAsync(page, "maintenance-banner");
            await maintenance.CancelAsync(later, "admin");

            soon = await maintenance.ScheduleAsync(fixture.App.Clock.GetUtcNow().AddMinutes(1), fixture.App.Clock.GetUtcNow().AddMinutes(61), "Network switch swap",
                "Use the ward phones; critical results are phoned by the lab.", "admin");
            fixture.App.Clock.Advance(TimeSpan.FromMinutes(1.5));
            await Expect(page.GetByTestId("maintenance-banner")).ToContainTextAsync("under way");
            await Expect(page.GetByTestId("board-fallback")).ToContainTextAsync("Use the ward phones");
            await BrowserFixture.ScreenshotAsync(page, "maintenance-board-fallback");
        }
        finally
        {
            await maintenance.CancelAsync(later, "admin");
            if (soon is { } id)
            {
                await maintenance.CancelAsync(id, "admin");
            }

            await page.Context.CloseAsync();
        }
    }
}
