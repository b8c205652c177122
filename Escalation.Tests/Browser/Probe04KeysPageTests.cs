using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>
/// Issue 13, probe item 4, on the keys page: an administrator issues a key, which feeds nothing, binds it to one
/// practice, and the key can then send a call there and nowhere else.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class Probe04KeysPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Probe04_KeysPage_ShowsAndEditsWhatAKeyFeeds_AndTheKeyFeedsOnlyThat()
    {
        var name = $"Cardiology answering {Guid.NewGuid():N}"[..28];
        var page = await fixture.OpenSignedInAsync("admin@demo.local", "/admin/api-keys", 1400, 1000);
        // The demo key's binding is on show: what README documents.
        await Expect(page.GetByTestId("key-row").Filter(new() { HasText = "Development integration" }).GetByTestId("key-feeds"))
            .ToHaveTextAsync($"schedule {DemoData.ScheduleSourceName}; FHIR as {DemoData.IntegrationSourceName}; practices CARD, ED, MED");

        await page.GetByTestId("key-name").FillAsync(name);
        await page.GetByTestId("key-source").FillAsync("acme-answering");
        await page.GetByTestId("key-issue").ClickAsync();
        await Expect(page.GetByTestId("key-secret")).ToContainTextAsync("feeds nothing until");
        var secret = await page.Locator("code.key-secret").InnerTextAsync();
        var row = page.GetByTestId("key-row").Filter(new() { HasText = name });
        await Expect(row.GetByTestId("key-feeds")).ToHaveTextAsync("nothing");
        var form = page.GetByTestId("binding-form");
        await Expect(form).ToContainTextAsync($"What “{name}” may feed");
        await form.GetByTestId("binding-practices").GetByLabel("CARD Cardiology").CheckAsync();
        await form.GetByTestId("binding-save").ClickAsync();

        await Expect(page.GetByTestId("binding-result")).ToContainTextAsync($"{name} now feeds practices CARD.");
        await Expect(row.GetByTestId("key-feeds")).ToHaveTextAsync("practices CARD");
        await BrowserFixture.ScreenshotAsync(page.GetByTestId("api-keys"), "probe04-keys-page-binding");

        using var service = HttpClients.WithApiKey(fixture.App, secret);
        using var cardiology = await service.PostAsJsonAsync("/api/messages", new { callerName = "Jane Roe", callbackNumber = "+15555550199", triageTier = "Urgent", practice = "CARD" });
        using var emergency = await service.PostAsJsonAsync("/api/messages", new { callerName = "Jane Roe", callbackNumber = "+15555550199", triageTier = "Urgent", practice = "ED" });
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Forbidden), (cardiology.StatusCode, emergency.StatusCode));

        // Opening the editor again shows the saved choice.
        await row.GetByTestId("key-edit-binding").ClickAsync();
        await Expect(form.GetByTestId("binding-practices").GetByLabel("CARD Cardiology")).ToBeCheckedAsync();
        await Expect(form.GetByTestId("binding-practices").GetByLabel("ED Emergency")).Not.ToBeCheckedAsync();
        await BrowserFixture.ScreenshotAsync(form, "probe04-keys-page-editor");
        await page.Context.CloseAsync();
    }
}
