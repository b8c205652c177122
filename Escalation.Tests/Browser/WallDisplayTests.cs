using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>
/// The board on the nurses' station wall: full screen, dark, large, no navigation; it loses the server, says since
/// when, and carries on by itself when the server is back.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WallDisplayTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheWall_IsFullScreenDarkAndLarge_SaysWhenItLostTheServer_AndCarriesOnWithoutAClick()
    {
        var page = await fixture.HomePageAsync("charge@demo.local", 1920, 1080);

        // The circuit's WebSocket runs through the test, so the test can cut it as a broken network would.
        var cut = false;
        IWebSocketRoute? server = null;
        await page.RouteWebSocketAsync(new Regex("/_blazor"), async socket =>
        {
            if (cut)
            {
                await socket.CloseAsync(new() { Code = 4000, Reason = "network down" });
                return;
            }

            server = socket.ConnectToServer();
        });

        var first = $"Wall {Guid.NewGuid():N}"[..20];
        await SendAsync(first);
        await page.GotoAsync("/board?wall=1");
        await BrowserFixture.WaitForInteractiveAsync(page);

        var row = page.GetByTestId("board-row").Filter(new() { HasText = first });
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sidebar")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("nav-toggle")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("board-ack")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("wall-disconnected")).ToBeHiddenAsync();

        // Readable from across the station: the rows' text is at least 24 px (the desk board's is 14 px).
        var fontSize = await row.Locator("td").Nth(1).EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        Assert.True(fontSize >= 24, $"the rows are set in {fontSize}px");

        // Dark: the wall's background is near black and its text light.
        var background = Rgb(await page.GetByTestId("wall").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        var text = Rgb(await row.Locator("td").Nth(1).EvaluateAsync<string>("e => getComputedStyle(e).color"));
        Assert.True(background.Max() < 60, $"the background is rgb({string.Join(",", background)})");
        Assert.True(text.Min() > 150, $"the text is rgb({string.Join(",", text)})");
        await BrowserFixture.ScreenshotAsync(page, "board-wall");

        // The network goes: the wall says since when, in the organisation's zone, from the browser's own clock.
        cut = true;
        await page.Context.SetOfflineAsync(true);
        await server!.CloseAsync(new() { Code = 4000, Reason = "network down" });
        var notice = page.GetByTestId("wall-disconnected");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToHaveTextAsync(new Regex(@"^Disconnected since \d\d:\d\d, retrying$"));
        var zone = TimeZoneInfo.FindSystemTimeZoneById((await page.GetByTestId("wall-connection").GetAttributeAsync("data-zone"))!);
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
        var said = (await notice.TextContentAsync())!.Substring("Disconnected since ".Length, 5);
        Assert.Contains(said, new[] { now.AddMinutes(-1), now, now.AddMinutes(1) }.Select(t => t.ToString("HH:mm", CultureInfo.InvariantCulture)));
        await BrowserFixture.ScreenshotAsync(page, "board-wall-disconnected");

        // The network comes back: nobody clicks, the notice goes, and the board follows the engine again.
        cut = false;
        await page.Context.SetOfflineAsync(false);
        await Expect(notice).ToBeHiddenAsync(new() { Timeout = 30_000 });
        var second = $"Wall back {Guid.NewGuid():N}"[..24];
        await SendAsync(second);
        await Expect(page.GetByTestId("board-row").Filter(new() { HasText = second })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheDeskBoard_KeepsItsNavigation_AndLinksToTheWall()
    {
        var page = await fixture.HomePageAsync("charge@demo.local");
        await page.GotoAsync("/board");
        await BrowserFixture.WaitForInteractiveAsync(page);

        await Expect(page.GetByTestId("sidebar")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("wall-connection")).ToHaveCountAsync(0);
        await page.GetByTestId("board-wall-link").ClickAsync();
        await Expect(page.GetByTestId("wall")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sidebar")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    private static int[] Rgb(string css) =>
        Regex.Matches(css, @"\d+").Take(3).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();

    private async Task SendAsync(string subject)
    {
        using var ehr = HttpClients.WithApiKey(fixture.App, DemoData.IntegrationKey);
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var ed = await HttpClients.UnitIdAsync(admin, "ED");
        var response = await ehr.PostAsJsonAsync("/api/messages", new { tier = "Urgent", subject, body = "Wall check", unitId = ed, source = "Ehr" });
        response.EnsureSuccessStatusCode();
    }
}
