using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>The administrator's lab limits page: a limit edited in its row, a bad value refused in place, a deletion confirmed first.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class LabLimitsPageTests(BrowserFixture fixture)
{
    private const string Potassium = "00000000-0000-0000-0008-000000000001";

    [Fact]
    public async Task EditingPotassiumsCriticalHigh_InItsRow_SavesIt_AndABadValueIsRefusedInPlace()
    {
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var page = await fixture.OpenSignedInAsync("admin@demo.local", "/admin/lab-limits", 1400, 900);
        try
        {
            var row = PotassiumRow(page);
            await Expect(row.GetByTestId("critical-high")).ToHaveTextAsync("6.2");

            await row.GetByTestId("limit-edit").ClickAsync();
            var high = page.GetByTestId("edit-critical-high").Locator("input").Or(page.Locator("input[data-testid='edit-critical-high']")).First;
            var low = page.GetByTestId("edit-critical-low").Locator("input").Or(page.Locator("input[data-testid='edit-critical-low']")).First;
            await low.FillAsync("7");
            await low.PressAsync("Tab");
            await page.GetByTestId("limit-save").ClickAsync();
            await Expect(page.GetByTestId("lab-result")).ToContainTextAsync("must be above the critical low");
            await BrowserFixture.ScreenshotAsync(page, "admin-lab-limits-refused");
            // Editing in place fits the table: nothing of the row, its Cancel or another row's Delete is cut off.
            var overflow = await page.GetByTestId("limits-grid").EvaluateAsync<string>(
                "g => { const c = g.querySelector('.mud-table-container'); return c.scrollWidth > c.clientWidth + 1 ? `${c.scrollWidth} > ${c.clientWidth}` : ''; }");
            await Expect(page.GetByTestId("limit-cancel")).ToBeInViewportAsync(new() { Ratio = 1 });
            Assert.True(overflow == "", overflow);
            Assert.Equal(6.2m, await CriticalHighAsync(admin));

            await low.FillAsync("2.8");
            await low.PressAsync("Tab");
            await high.FillAsync("6.5");
            await high.PressAsync("Tab");
            await page.GetByTestId("limit-save").ClickAsync();

            await Expect(page.GetByTestId("lab-result")).ToContainTextAsync("Potassium (2823-3, mmol/L) saved");
            await Expect(PotassiumRow(page).GetByTestId("critical-high")).ToHaveTextAsync("6.5");
            await BrowserFixture.ScreenshotAsync(page, "admin-lab-limits-edited");
            await BrowserFixture.ScreenshotAsync(page.GetByTestId("limits-grid"), "admin-lab-limits-grid");
            Assert.Equal(6.5m, await CriticalHighAsync(admin));
        }
        finally
        {
            // The browser tests share one app: put the shipped value back for the others.
            (await admin.PutAsJsonAsync($"/api/admin/lab-limits/{Potassium}",
                new { loincCode = "2823-3", unit = "mmol/L", display = "Potassium", criticalLow = 2.8, criticalHigh = 6.2, abnormalLow = 3.5, abnormalHigh = 5.1 })).EnsureSuccessStatusCode();
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task DeletingALimit_AsksFirst_AndKeepingItChangesNothing()
    {
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var added = await admin.PostAsJsonAsync("/api/admin/lab-limits", new { loincCode = "1975-2", unit = "mg/dL", display = "Bilirubin (browser test)", criticalHigh = 15 });
        added.EnsureSuccessStatusCode();
        var page = await fixture.OpenSignedInAsync("admin@demo.local", "/admin/lab-limits", 1400, 900);
        var row = page.Locator("tr").Filter(new() { HasText = "Bilirubin (browser test)" });

        await row.GetByTestId("limit-delete").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("Delete the limit for Bilirubin (browser test) (1975-2, mg/dL)?");
        await BrowserFixture.ScreenshotAsync(page, "admin-lab-limits-delete-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep it" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(row).ToHaveCountAsync(1);

        await row.GetByTestId("limit-delete").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(page.GetByTestId("lab-result")).ToContainTextAsync("Bilirubin (browser test) (1975-2, mg/dL) deleted.");
        await Expect(row).ToHaveCountAsync(0);
        var rows = await admin.GetFromJsonAsync<JsonElement>("/api/admin/lab-limits");
        Assert.DoesNotContain(rows.EnumerateArray(), r => r.GetProperty("loincCode").GetString() == "1975-2");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ThePolicy_IsTwoSettings_SavedTogether_AndResetToDefaultsAsksFirst()
    {
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var page = await fixture.OpenSignedInAsync("admin@demo.local", "/admin/lab-limits", 1400, 900);
        try
        {
            await page.GetByText("This table wins: the lab's flag only decides when no row matches the analyte and unit").ClickAsync();
            await page.GetByTestId("policy-urgent").ClickAsync();
            await page.GetByTestId("policy-save").ClickAsync();
            await Expect(page.GetByTestId("lab-result")).ToContainTextAsync("Detection policy saved");
            await BrowserFixture.ScreenshotAsync(page.GetByTestId("lab-policy"), "admin-lab-policy");
            var policy = await admin.GetFromJsonAsync<JsonElement>("/api/admin/lab-policy");
            Assert.Equal(("LimitsWin", true), (policy.GetProperty("precedence").GetString(), policy.GetProperty("urgentForAbnormal").GetBoolean()));

            await page.GetByTestId("limits-reset").ClickAsync();
            var dialog = page.Locator(".mud-dialog");
            await Expect(dialog).ToContainTextAsync("Replace the whole table with the 12 shipped defaults?");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Reset" }).ClickAsync();

            await Expect(page.GetByTestId("lab-result")).ToContainTextAsync("The table holds the 12 shipped defaults again.");
            await Expect(page.GetByTestId("limits-grid").Locator("tbody tr")).ToHaveCountAsync(12);
            // Resetting the table leaves the policy alone.
            Assert.Equal("LimitsWin", (await admin.GetFromJsonAsync<JsonElement>("/api/admin/lab-policy")).GetProperty("precedence").GetString());
        }
        finally
        {
            (await admin.PutAsJsonAsync("/api/admin/lab-policy", new { precedence = "MostSevereWins", urgentForAbnormal = false })).EnsureSuccessStatusCode();
            await page.Context.CloseAsync();
        }
    }

    private static ILocator PotassiumRow(IPage page) =>
        page.GetByTestId("limits-grid").Locator("tr").Filter(new() { HasText = "2823-3" });

    private static async Task<decimal> CriticalHighAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/lab-limits/{Potassium}")).GetProperty("criticalHigh").GetDecimal();
}
