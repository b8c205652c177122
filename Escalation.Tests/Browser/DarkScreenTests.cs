using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>
/// The dark screen a charge nurse turns on for the night: the page goes dark, the charts are drawn in the dark
/// palette's colours (lines no CSS variable reaches), and the device remembers the choice.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DarkScreenTests(BrowserFixture fixture)
{
    // The target line (drawn whatever the demo data holds) in the secondary text colour of each palette.
    private const string LightTarget = "rgb(74, 85, 99)";      // #4a5563
    private const string DarkTarget = "rgb(169, 180, 192)";    // #a9b4c0
    private static readonly string[] LightSeries = ["rgb(21, 101, 192)", "rgb(0, 105, 92)", "rgb(2, 119, 189)", LightTarget];

    [Fact]
    public async Task TheDarkScreen_DarkensThePageAndItsCharts_AndIsRememberedByTheDevice()
    {
        var page = await fixture.OpenSignedInAsync("charge@demo.local", "/metrics");
        var target = page.GetByTestId("chart-mtfa").Locator("path.mud-chart-line").Last;
        await Expect(target).ToHaveCSSAsync("stroke", LightTarget);

        await page.GetByTestId("dark-toggle").ClickAsync();

        await Expect(target).ToHaveCSSAsync("stroke", DarkTarget);
        var strokes = await page.Locator("path.mud-chart-line, path.mud-chart-bar").EvaluateAllAsync<string[]>(
            "paths => paths.map(p => getComputedStyle(p).stroke)");
        Assert.NotEmpty(strokes);
        Assert.DoesNotContain(strokes, LightSeries.Contains);
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(11, 15, 20)", background);   // #0b0f14, the dark palette's background
        await BrowserFixture.ScreenshotAsync(page, "metrics-dark");

        // A choice of this device: the next page load is dark without a click.
        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("chart-mtfa").Locator("path.mud-chart-line").Last).ToHaveCSSAsync("stroke", DarkTarget);

        await page.GetByTestId("dark-toggle").ClickAsync();
        await Expect(page.GetByTestId("chart-mtfa").Locator("path.mud-chart-line").Last).ToHaveCSSAsync("stroke", LightTarget);
        await page.Context.CloseAsync();
    }
}
