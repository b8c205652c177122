using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>An administrator adds a person, who signs in with the one-time password; then deactivates them.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class UsersPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Administrator_AddsAPersonWhoCanSignIn_ThenDeactivatesThem()
    {
        var email = $"new.nurse.{Guid.NewGuid():N}"[..20] + "@demo.local";
        var page = await fixture.OpenSignedInAsync("admin@demo.local", "/admin/users", 1400, 900);

        await page.GetByTestId("user-email").FillAsync(email);
        await page.GetByTestId("user-display-name").FillAsync("Robin Ellis");
        await page.GetByTestId("user-save").ClickAsync();
        await Expect(page.GetByTestId("user-result")).ToContainTextAsync("Robin Ellis added. One-time password");
        var text = await page.GetByTestId("user-result").InnerTextAsync();
        var password = Regex.Match(text, @"in person\): (\S+)").Groups[1].Value;
        await Expect(page.GetByTestId("users-grid")).ToContainTextAsync("Robin Ellis");
        await BrowserFixture.ScreenshotAsync(page, "admin-users");

        var newcomer = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(newcomer, email, password);
        await Expect(newcomer.GetByTestId("user-name")).ToHaveTextAsync("Robin Ellis");
        await newcomer.Context.CloseAsync();

        await page.GetByTestId("users-grid").GetByText("Robin Ellis").ClickAsync();
        await Expect(page.GetByTestId("user-form")).ToContainTextAsync("Edit Robin Ellis");
        await page.GetByTestId("user-active").ClickAsync();
        await page.GetByTestId("user-save").ClickAsync();
        await Expect(page.GetByTestId("user-result")).ToContainTextAsync("deactivated, signed out, and no longer paged");
        await Expect(page.GetByTestId("users-grid").Locator("tr").Filter(new() { HasText = "Robin Ellis" })).ToContainTextAsync("Deactivated");

        var refused = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(refused, email, password);
        await Expect(refused).ToHaveURLAsync(new Regex("/account/login"));
        await refused.Context.CloseAsync();
        await page.Context.CloseAsync();
    }
}
