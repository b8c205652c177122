using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Answering;

/// <summary>
/// The pages in Chromium against the app with a fake Twilio: a nurse verifies her phone from "My phone", then calls
/// an answering-service caller back from the message page.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class AnsweringPagesTests : IAsyncLifetime
{
    private AnsweringApp _app = default!;
    private Chromium _chromium = default!;

    public async Task InitializeAsync()
    {
        _app = await AnsweringApp.StartAsync();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Nurse_VerifiesHerPhone_ThenCallsTheCallerBack_FromTheMessagePage()
    {
        var page = await _chromium.NewPageAsync(_app.App.BaseUrl, height: 900);
        await BrowserFixture.SignInAsync(page, "nurse@demo.local", DemoData.Password);
        // A link clicked while the home page's circuit is still starting changes the address but not always the page:
        // wait for the circuit, as a person's first click after the page settles would.
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByTestId("my-phone-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/phone$"));
        await BrowserFixture.WaitForInteractiveAsync(page);

        await page.GetByTestId("phone-number").FillAsync("+1 555 555 0121");
        await page.GetByTestId("phone-send").ClickAsync();
        var text = await _app.Twilio.WaitForMessageAsync("+15555550121", TimeSpan.FromSeconds(20));
        await page.GetByTestId("phone-code").FillAsync(CodeIn().Match(text.Body).Value);
        await page.GetByTestId("phone-confirm").ClickAsync();

        await Expect(page.GetByTestId("phone-result")).ToContainTextAsync("Your number is verified.");
        await Expect(page.GetByTestId("phone-status")).ToContainTextAsync("+15555550121 · Verified");
        await BrowserFixture.ScreenshotAsync(page.GetByTestId("my-phone"), "answering-my-phone-verified");

        using var service = HttpClients.WithApiKey(_app.App, DemoData.IntegrationKey);
        var sent = await service.PostAsJsonAsync("/api/messages", new { callerName = "Jane Roe", callbackNumber = "+15555550199", reason = "Dizzy since lunch", triageTier = "Urgent", practice = "ED" });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await page.GotoAsync($"/messages/{id}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("caller-name")).ToHaveTextAsync("Jane Roe");
        await page.GetByTestId("call-back").ClickAsync();
        var call = await _app.Twilio.WaitForCallAsync("+15555550121", TimeSpan.FromSeconds(20));
        await _app.Twilio.AnswerAsync(call.Sid, digits: null);
        await page.ReloadAsync();
        // The prerendered card is replaced once the circuit starts: look at the live one.
        await BrowserFixture.WaitForInteractiveAsync(page);

        await Expect(page.GetByTestId("callback-row")).ToContainTextAsync("completed");
        await BrowserFixture.ScreenshotAsync(page.GetByTestId("caller-card"), "answering-caller-card-called-back");
        Assert.Equal("+15555550199", _app.Twilio.Calls.Single(c => c.Sid == call.Sid).DialedNumber);
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex CodeIn();
}
