using Escalation.Infrastructure.Engine;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>
/// <c>Twilio:Fake</c>, the local demo: the app pages through the fake Twilio it runs itself, and an administrator
/// answers the department head's Layer-4 call on /admin/phones, pressing 1. Its own app (the shared one has no phones).
/// </summary>
[Trait("Category", "Browser")]
public sealed class DemoPhonesPageTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private AppHost _app = default!;
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _app = new AppHost(_database.Options, settings: new Dictionary<string, string?> { ["Twilio:Fake"] = "true" }).Start();
        await PhoneLadder.UseForCriticalAsync(_app);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TheHeadsLayerFourCall_RingsOnTheDemoPhonesPage_AndPressingOneAcknowledgesAsTheHead()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _app.BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "admin@demo.local", DemoData.Password);
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GotoAsync("/admin/system");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByTestId("demo-phones-link").GetByRole(AriaRole.Link).ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);

        var messageId = await PhoneLadder.PostCriticalPotassiumAsync(_app, _database);
        await PhoneLadder.ClimbToLayerFourAsync(_app, _database, messageId);
        await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();

        var call = page.GetByTestId("demo-call").Filter(new() { HasText = PhoneLadder.HeadPhone });
        await Expect(call.GetByTestId("demo-call-status")).ToHaveTextAsync("queued");
        await Expect(page.GetByTestId("demo-text").Filter(new() { HasText = PhoneLadder.HeadPhone })).ToContainTextAsync(new System.Text.RegularExpressions.Regex($@"Critical message waiting: http://\S+/messages/{messageId}"));
        await BrowserFixture.ScreenshotAsync(page, "demo-phones-ringing");
        await call.GetByTestId("demo-press-1").ClickAsync();

        await Expect(call.GetByTestId("demo-call-status")).ToHaveTextAsync("completed");
        await using var db = _database.NewContext();
        var head = await db.Users.Where(u => u.Email == "head@demo.local").Select(u => u.Id).SingleAsync();
        var message = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == new MessageId(messageId));
        Assert.Equal((MessageState.Acknowledged, head), (message.State, message.AcknowledgedBy));
        await BrowserFixture.ScreenshotAsync(page, "demo-phones-acknowledged");
        await context.CloseAsync();
    }
}
