using Escalation.Infrastructure.Engine;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>
/// Forgotten acknowledgments in Chromium: an administrator sets the Critical windows on the tiers page (a bad pair
/// refused with its reason), a Critical is acknowledged and left open, and once the app's own sweep passes the second
/// window the charge nurse's board shows it as "acknowledged, not closed" with who and since when.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ForgottenAckBoardTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AnAcknowledgedCriticalNobodyClosed_ShowsOnTheChargeNursesBoard_WithWhoAndSinceWhen()
    {
        var admin = await SignedInPageAsync("admin@demo.local", "/admin/tiers");
        var critical = admin.GetByTestId("tier-row").Filter(new() { Has = admin.GetByRole(AriaRole.Button, new() { Name = "Save Critical" }) });
        await critical.GetByTestId("tier-reminder").Locator("input").FillAsync("2");
        await critical.GetByTestId("tier-board").Locator("input").FillAsync("1");
        await critical.GetByRole(AriaRole.Button, new() { Name = "Save Critical" }).ClickAsync();
        await Expect(admin.GetByTestId("tier-result")).ToContainTextAsync("after the reminder");
        await critical.GetByTestId("tier-board").Locator("input").FillAsync("2");
        await critical.GetByTestId("tier-reminder").Locator("input").FillAsync("1");
        await critical.GetByRole(AriaRole.Button, new() { Name = "Save Critical" }).ClickAsync();
        await Expect(admin.GetByTestId("tier-result")).ToContainTextAsync("Critical saved.");
        await BrowserFixture.ScreenshotAsync(critical, "i19-remind-tiers-critical");
        await admin.Context.CloseAsync();

        try
        {
            var charge = await SignedInPageAsync("charge@demo.local", "/board");
            var subject = $"Forgotten ack {Guid.NewGuid():N}"[..26];
            var id = await SendAsync(subject);
            var row = charge.GetByTestId("board-row").Filter(new() { HasText = subject });
            await Expect(row).ToBeVisibleAsync();
            using (var nurse = await HttpClients.SignedInAsync(fixture.App, "nurse@demo.local"))
            {
                (await nurse.PostAsync($"/api/messages/{id}/ack", null)).EnsureSuccessStatusCode();
            }

            await Expect(row).ToHaveCountAsync(0);

            // Past the second window a sweep flags it, and the board follows live. The sweep is run here rather than
            // waited for: the app's own pass, woken by the test clock on the way, may read a time short of the window
            // (it is Revision-guarded, so both running changes nothing).
            fixture.App.Clock.Advance(TimeSpan.FromMinutes(2));
            await fixture.App.Services.GetRequiredService<ForgottenAckSweep>().SweepAsync();

            await Expect(row).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Expect(row.GetByTestId("ack-not-closed")).ToContainTextAsync("Acknowledged, not closed");
            await Expect(row.GetByTestId("ack-not-closed-who")).ToContainTextAsync("by Nora Patel since");
            await Expect(row).ToHaveAttributeAsync("data-not-closed", "true");
            await Expect(row.GetByTestId("board-ack")).ToHaveCountAsync(0);
            await Expect(row.GetByTestId("board-escalate")).ToHaveCountAsync(0);
            await BrowserFixture.ScreenshotAsync(charge.GetByTestId("board-table"), "i19-remind-board-row");
            var message = await GetAsync(id);
            var kinds = message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
            Assert.Single(kinds, k => k == "AckReminderSent");
            Assert.Single(kinds, k => k == "AckNotClosedFlagged");

            // Closing it takes it off the board.
            using (var nurse = await HttpClients.SignedInAsync(fixture.App, "nurse@demo.local"))
            {
                (await nurse.PostAsJsonAsync($"/api/messages/{id}/close", new { outcome = "ActionTaken" })).EnsureSuccessStatusCode();
            }

            await Expect(row).ToHaveCountAsync(0);
            await charge.Context.CloseAsync();
        }
        finally
        {
            // The shared app keeps the demo's windows for the tests after this one.
            using var api = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
            var tiers = await api.GetFromJsonAsync<JsonElement>("/api/tiers");
            var tier = tiers.EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "Critical");
            (await api.PutAsJsonAsync("/api/tiers/Critical", new
            {
                escalates = true, ladderId = tier.GetProperty("ladderId").GetGuid(), requiresAck = true, ackReminderMinutes = 30, ackBoardMinutes = 60,
            })).EnsureSuccessStatusCode();
        }
    }

    private async Task<IPage> SignedInPageAsync(string email, string path)
    {
        var page = await fixture.HomePageAsync(email);
        await page.GotoAsync(path);
        await BrowserFixture.WaitForInteractiveAsync(page);
        return page;
    }

    private async Task<Guid> SendAsync(string subject)
    {
        using var ehr = HttpClients.WithApiKey(fixture.App, DemoData.IntegrationKey);
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var ed = await HttpClients.UnitIdAsync(admin, "ED");
        var response = await ehr.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject, body = "K+ 6.9 mmol/L (critical), bed 12", patientRef = "MRN 0042", unitId = ed, source = "Ehr" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> GetAsync(Guid id)
    {
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        return await admin.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
    }
}
