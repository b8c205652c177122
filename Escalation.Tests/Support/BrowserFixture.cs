using Microsoft.Playwright;

namespace Escalation.Tests.Support;

/// <summary>
/// The app on a fresh SQLite database with the demo organisation (Development), and Debian's Chromium driven by
/// Playwright. Shared by the tests of one collection, which run one after another.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const int MaxFailedAccessAttempts = 3;
    private const string ChromiumPath = "/usr/bin/chromium";

    private TestDatabase? _database;
    private IPlaywright? _playwright;

    public AppHost App { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run the README test command, which installs Debian's chromium.");
        }

        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        App = new AppHost(_database.Options, "Development", new Dictionary<string, string?>
        {
            ["Auth:MaxFailedAccessAttempts"] = MaxFailedAccessAttempts.ToString(),
        }).Start();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
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
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
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
