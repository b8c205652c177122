using Microsoft.Playwright;

namespace Escalation.Tests.Support;

/// <summary>
/// The app on a fresh SQLite database with the demo organisation (Development), and Debian's Chromium driven by
/// Playwright. Shared by the tests of one collection, which run one after another.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const int MaxFailedAccessAttempts = 3;

    private TestDatabase? _database;
    private Chromium? _chromium;

    public AppHost App { get; private set; } = default!;

    public IBrowser Browser => _chromium!.Browser;

    public async Task InitializeAsync()
    {
        _chromium = await Chromium.LaunchAsync();
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        App = new AppHost(_database.Options, "Development", new Dictionary<string, string?>
        {
            ["Auth:MaxFailedAccessAttempts"] = MaxFailedAccessAttempts.ToString(),
        }).Start();
    }

    public Task<IPage> NewPageAsync(int width = 1280, int height = 860) => _chromium!.NewPageAsync(App.BaseUrl, width, height);

    /// <summary>A new page signed in as <paramref name="email"/> with the demo password, on the home page sign-in lands on, its circuit live.</summary>
    public async Task<IPage> HomePageAsync(string email, int width = 1280, int height = 860)
    {
        var page = await NewPageAsync(width, height);
        await SignInAsync(page, email, DemoData.Password);
        await WaitForInteractiveAsync(page);
        return page;
    }

    /// <summary>A new page signed in as <paramref name="email"/> with the demo password, on <paramref name="path"/> with its circuit live.</summary>
    public async Task<IPage> OpenSignedInAsync(string email, string path, int width = 1280, int height = 860)
    {
        var page = await NewPageAsync(width, height);
        await OpenSignedInAsync(page, email, path);
        return page;
    }

    /// <summary>Signs <paramref name="page"/> in as <paramref name="email"/> and opens <paramref name="path"/> with its circuit live (pages of any browser, any node).</summary>
    public static async Task OpenSignedInAsync(IPage page, string email, string path)
    {
        await SignInAsync(page, email, DemoData.Password);
        await page.GotoAsync(path);
        await WaitForInteractiveAsync(page);
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
    }

    /// <summary>Waits until the Blazor circuit is live, so clicks reach the server.</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive='true']").WaitForAsync();

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(RepositoryPaths.Screenshots, $"{name}.png"),
            FullPage = true,
        });

    /// <summary>One part of a page: the app scrolls inside its layout, so a full-page shot stops at the first screen.</summary>
    public static async Task ScreenshotAsync(ILocator locator, string name)
    {
        await locator.ScrollIntoViewIfNeededAsync();
        await locator.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(RepositoryPaths.Screenshots, $"{name}.png") });
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
