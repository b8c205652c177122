using Escalation.Infrastructure.Engine;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>
/// <c>Twilio:Fake</c>, the local demo: the app pages through the fake Twilio it runs itself, and an administrator
/// answers the department head's Layer-4 call on /admin/phones, pressing 1. Its own app (the shared one has no phones).
/// </summary>
[Trait("Category", "Browser")]
public sealed class DemoPhonesPageTests : AppTest
{
    private Chromium _chromium = default!;

    protected override Task<AppHost> CreateAppAsync(DatabaseOptions database) =>
        Task.FromResult(new AppHost(database, settings: new Dictionary<string, string?> { ["Twilio:Fake"] = "true" }));

    protected override async Task StartedAsync()
    {
        await PhoneLadder.UseForCriticalAsync(App);
        _chromium = await Chromium.LaunchAsync();
    }

    public override async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task TheHeadsLayerFourCall_RingsOnTheDemoPhonesPage_AndPressingOneAcknowledgesAsTheHead()
    {
        var page = await _chromium.NewPageAsync(App.BaseUrl);
        await BrowserFixture.SignInAsync(page, "admin@demo.local", DemoData.Password);
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GotoAsync("/admin/system");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByTestId("demo-phones-link").GetByRole(AriaRole.Link).ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);

        var messageId = await PhoneLadder.PostCriticalPotassiumAsync(App, Database);
        await PhoneLadder.ClimbToLayerFourAsync(App, Database, messageId);
        await App.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();

        var call = page.GetByTestId("demo-call").Filter(new() { HasText = PhoneLadder.HeadPhone });
        await Expect(call.GetByTestId("demo-call-status")).ToHaveTextAsync("queued");
        await Expect(page.GetByTestId("demo-text").Filter(new() { HasText = PhoneLadder.HeadPhone })).ToContainTextAsync(new System.Text.RegularExpressions.Regex($@"Critical message waiting: http://\S+/messages/{messageId}"));
        await BrowserFixture.ScreenshotAsync(page, "demo-phones-ringing");
        await call.GetByTestId("demo-press-1").ClickAsync();

        await Expect(call.GetByTestId("demo-call-status")).ToHaveTextAsync("completed");
        await using var db = Database.NewContext();
        var head = await db.Users.Where(u => u.Email == "head@demo.local").Select(u => u.Id).SingleAsync();
        var message = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == new MessageId(messageId));
        Assert.Equal((MessageState.Acknowledged, head), (message.State, message.AcknowledgedBy));
        await BrowserFixture.ScreenshotAsync(page, "demo-phones-acknowledged");
        await page.Context.CloseAsync();
    }
}
