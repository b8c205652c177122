using Escalation.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class InteractivityTests(BrowserFixture fixture)
{
    [Fact]
    public async Task BlazorScript_IsServed_AndPagesAreInteractive()
    {
        var page = await fixture.NewPageAsync();
        var script = await page.APIRequest.GetAsync("/_framework/blazor.web.js");
        Assert.Equal(200, script.Status);
        Assert.Contains("javascript", script.Headers["content-type"]);

        await BrowserFixture.SignInAsync(page, "admin@demo.local", DemoData.Password);
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByTestId("nav-admin-users").ClickAsync();
        var grid = page.GetByTestId("users-grid");
        // Other tests of this collection may have added people: the grid shows everyone the database holds.
        int peopleInDatabase;
        using (var scope = fixture.App.Services.CreateScope())
        {
            peopleInDatabase = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().Users.Count();
        }

        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(peopleInDatabase);

        // Typing in the grid's name filter is handled on the server over the circuit and re-renders the rows.
        await grid.GetByTestId("users-filter").FillAsync("Patel");
        await grid.GetByTestId("users-filter").PressAsync("Enter");
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(grid.Locator("tbody tr").First).ToContainTextAsync("Nora Patel");
        await BrowserFixture.ScreenshotAsync(page, "admin-users-filtered");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task HomePage_FitsAPhoneSizedScreen()
    {
        var page = await fixture.HomePageAsync("nurse@demo.local", 390, 844);

        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");

        Assert.False(overflow, "the home page scrolls sideways at 390 px");
        await BrowserFixture.ScreenshotAsync(page, "home-nurse-phone");
        await page.Context.CloseAsync();
    }
}
