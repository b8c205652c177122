using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>The administrator's ladder editor: guidance as you type, a new version on save, and in-flight messages keeping theirs.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class LadderEditorTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ChangingATimeout_SavesANewVersionInTheHistory_WhileAMessageInFlightKeepsTheOldOne()
    {
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var before = await SendUrgentAsync(admin, "Urgent before the edit");
        var page = await fixture.OpenSignedInAsync("admin@demo.local", "/admin/ladders", 1400, 900);
        await page.GetByTestId("ladder-pick").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Urgent") }).ClickAsync();
        await Expect(page.GetByTestId("ladder-name").Locator("xpath=self::input")).ToHaveValueAsync("Urgent");
        await Expect(page.GetByTestId("layer-receiver").First).ToContainTextAsync("Nora Patel");

        var timeout = page.GetByTestId("layer-card").First.GetByTestId("layer-timeout").Locator("input").First;
        await timeout.FillAsync("6");
        await timeout.PressAsync("Tab");
        await page.GetByTestId("ladder-note").FillAsync("Urgent first layer down to 6 minutes after the October review");
        await page.GetByTestId("ladder-save").ClickAsync();

        await Expect(page.GetByTestId("ladder-result")).ToContainTextAsync("Saved as version 2");
        var newest = page.GetByTestId("ladder-version").First;
        await Expect(newest).ToContainTextAsync("v2");
        await Expect(newest).ToContainTextAsync("L1 timeout 8 min → 6 min");
        await Expect(newest).ToContainTextAsync("after the October review");
        await BrowserFixture.ScreenshotAsync(page, "admin-ladder-editor");
        await BrowserFixture.ScreenshotAsync(page.GetByTestId("ladder-history"), "admin-ladder-history");

        var after = await SendUrgentAsync(admin, "Urgent after the edit");
        Assert.Equal(TimeSpan.FromMinutes(8), await WaitAsync(admin, before));
        Assert.Equal(TimeSpan.FromMinutes(6), await WaitAsync(admin, after));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACriticalFirstTimeoutOverFiveMinutes_WarnsAsYouType_AndNothingIsSavedUntilAsked()
    {
        var page = await fixture.OpenSignedInAsync("admin@demo.local", "/admin/ladders", 1400, 900);
        await page.GetByTestId("ladder-pick").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Critical") }).ClickAsync();
        await Expect(page.GetByTestId("ladder-warning")).ToHaveCountAsync(0);

        var timeout = page.GetByTestId("layer-card").First.GetByTestId("layer-timeout").Locator("input").First;
        await timeout.FillAsync("10");
        await timeout.PressAsync("Tab");

        await Expect(page.GetByTestId("ladder-warning").First).ToContainTextAsync("guidance is at most 3 to 5 minutes");
        await BrowserFixture.ScreenshotAsync(page.GetByTestId("ladder-editor"), "admin-ladder-guidance");
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var ladders = await admin.GetFromJsonAsync<JsonElement>("/api/ladders");
        var critical = ladders.EnumerateArray().Single(l => l.GetProperty("name").GetString() == "Critical");
        Assert.Equal(180, critical.GetProperty("layers")[0].GetProperty("timeoutSeconds").GetInt32());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DraggingALayerUpTheLadder_RedrawsIt_AndSavingKeepsTheNewOrderAsANewVersion()
    {
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var created = await admin.PostAsJsonAsync("/api/ladders", new
        {
            name = "Reorder by dragging",
            layers = new[]
            {
                new { roles = new[] { "PrimaryNurse" }, timeoutSeconds = 180, channels = new[] { "Inbox" } },
                new { roles = new[] { "ChargeNurse" }, timeoutSeconds = 300, channels = new[] { "Inbox" } },
                new { roles = new[] { "DepartmentHead" }, timeoutSeconds = 300, channels = new[] { "Inbox", "Sms" } },
            },
            changeNote = "For the drag test",
        });
        created.EnsureSuccessStatusCode();
        var familyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("familyId").GetGuid();

        var page = await fixture.OpenSignedInAsync("admin@demo.local", "/admin/ladders", 1400, 900);
        await page.GetByTestId("ladder-pick").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Reorder by dragging") }).ClickAsync();
        var cards = page.GetByTestId("layer-card");
        await Expect(cards.Nth(2).GetByTestId("layer-roles")).ToHaveTextAsync("Department head");
        await Expect(cards.Nth(2).GetByTestId("layer-reached-at")).ToHaveTextAsync("at 8 min");

        // By hand rather than DragToAsync: once the drag starts, MudBlazor's "drop here" marker covers the top of the
        // first step, which Playwright's actionability check would take for an obstacle.
        await cards.Nth(2).GetByTestId("layer-drag").HoverAsync();
        await page.Mouse.DownAsync();
        var top = (await cards.Nth(0).BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(top.X + 60, top.Y + 20, new() { Steps = 8 });
        await page.Mouse.MoveAsync(top.X + 60, top.Y + 4, new() { Steps = 4 });
        await page.Mouse.UpAsync();

        await Expect(cards.Nth(0).GetByTestId("layer-roles")).ToHaveTextAsync("Department head");
        await Expect(cards.Nth(1).GetByTestId("layer-roles")).ToHaveTextAsync("Primary nurse");
        await Expect(cards.Nth(2).GetByTestId("layer-roles")).ToHaveTextAsync("Charge nurse");
        await Expect(cards.Nth(1).GetByTestId("layer-reached-at")).ToHaveTextAsync("at 5 min");

        // The same move back and forth by keyboard: the buttons do what the drag does.
        await cards.Nth(1).GetByTestId("layer-down").ClickAsync();
        await Expect(cards.Nth(2).GetByTestId("layer-roles")).ToHaveTextAsync("Primary nurse");
        await cards.Nth(2).GetByTestId("layer-up").ClickAsync();
        await Expect(cards.Nth(1).GetByTestId("layer-roles")).ToHaveTextAsync("Primary nurse");

        await page.GetByTestId("ladder-note").FillAsync("Department head first, by dragging");
        await page.GetByTestId("ladder-save").ClickAsync();

        await Expect(page.GetByTestId("ladder-result")).ToContainTextAsync("Saved as version 2");
        var newest = page.GetByTestId("ladder-version").First;
        await Expect(newest).ToContainTextAsync("L1 roles Primary nurse → Department head");
        await Expect(newest).ToContainTextAsync("Department head first, by dragging");
        await BrowserFixture.ScreenshotAsync(page.GetByTestId("ladder-editor"), "admin-ladder-dragged");

        var versions = await admin.GetFromJsonAsync<JsonElement>($"/api/ladders/{familyId}/versions");
        var layers = versions[0].GetProperty("layers");
        Assert.Equal(["DepartmentHead", "PrimaryNurse", "ChargeNurse"], layers.EnumerateArray().Select(l => l.GetProperty("roles")[0].GetString()));
        Assert.Equal(["Inbox", "Sms"], layers[0].GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        await page.Context.CloseAsync();
    }

    private async Task<Guid> SendUrgentAsync(HttpClient admin, string subject)
    {
        var ed = await HttpClients.UnitIdAsync(admin, "ED");
        var response = await admin.PostAsJsonAsync("/api/messages", new { tier = "Urgent", subject, body = "Medication change for bed 4", unitId = ed });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>How long the message's first layer waits: its deadline minus when it was created.</summary>
    private static async Task<TimeSpan> WaitAsync(HttpClient admin, Guid id)
    {
        var message = await admin.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
        return message.GetProperty("nextEscalationAt").GetDateTimeOffset() - message.GetProperty("createdAt").GetDateTimeOffset();
    }
}
