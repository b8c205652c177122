using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>Every page opens for the persona it is for, at desktop size, with its main content: a screenshot of each for people to look at.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PageTourTests(BrowserFixture fixture)
{
    public static TheoryData<string, string, string> Pages => new()
    {
        { "nurse@demo.local", "/inbox", "inbox" },
        { "charge@demo.local", "/board", "board" },
        { "charge@demo.local", "/roster", "roster" },
        { "admin@demo.local", "/admin/tiers", "tiers" },
        { "admin@demo.local", "/admin/ladders", "ladders" },
        { "admin@demo.local", "/admin/users", "users" },
        { "admin@demo.local", "/admin/api-keys", "api-keys" },
        { "admin@demo.local", "/admin/maintenance", "maintenance" },
        { "compliance@demo.local", "/compliance", "compliance" },
        { "admin@demo.local", "/compliance/drills", "drills" },
        { "compliance@demo.local", "/metrics", "metrics" },
        { "charge@demo.local", "/metrics", "metrics" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_OpensForItsPersona(string email, string path, string testId)
    {
        var page = await fixture.HomePageAsync(email, 1400, 900);

        var response = await page.GotoAsync(path);
        await BrowserFixture.WaitForInteractiveAsync(page);

        Assert.Equal(200, response!.Status);
        await Expect(page.GetByTestId(testId)).ToBeVisibleAsync();
        await Expect(page.GetByText("Something went wrong on this page")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(page, $"page-{email.Split('@')[0]}-{path.Trim('/').Replace('/', '-')}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MessageTimeline_ShowsEveryAuditedEvent_AndIsRefusedToAnUninvolvedClinician()
    {
        var page = await fixture.HomePageAsync("charge@demo.local", 1400, 900);
        using var nurse = await HttpClients.SignedInAsync(fixture.App, "nurse@demo.local");
        var ed = await HttpClients.UnitIdAsync(nurse, "ED");
        var sent = await nurse.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject = "Timeline check", body = "b", unitId = ed });
        var id = (await sent.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        (await nurse.PostAsync($"/api/messages/{id}/ack", null)).EnsureSuccessStatusCode();

        await page.GotoAsync($"/messages/{id}");
        await BrowserFixture.WaitForInteractiveAsync(page);

        var events = page.GetByTestId("timeline-event");
        await Expect(events.First).ToContainTextAsync("Created");
        await Expect(page.GetByTestId("timeline-events")).ToContainTextAsync("Acknowledged");
        await Expect(page.GetByTestId("timeline-events")).ToContainTextAsync("Nora Patel");
        await BrowserFixture.ScreenshotAsync(page, "page-message-timeline");
        await page.Context.CloseAsync();

        var doctor = await fixture.HomePageAsync("doctor@demo.local");
        await doctor.GotoAsync($"/messages/{id}");
        await Expect(doctor.GetByTestId("message-not-found")).ToBeVisibleAsync();
        await Expect(doctor.GetByTestId("timeline")).ToHaveCountAsync(0);
        await doctor.Context.CloseAsync();
    }
}
