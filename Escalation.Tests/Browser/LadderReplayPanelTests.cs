using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Engine;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>
/// The ladder editor's "Replay the last 30 days" panel, on its own app (the month of history it writes must not show
/// up in the other browser tests' inboxes and metrics): a draft with a longer first layer, replayed beside what
/// really happened to six Critical messages of the Emergency unit.
/// </summary>
[Trait("Category", "Browser")]
public sealed class LadderReplayPanelTests : AppTest
{
    private Chromium _chromium = default!;

    protected override async Task StartedAsync() => _chromium = await Chromium.LaunchAsync();

    public override async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task ReplayingALongerFirstLayer_ShowsRealBesideDraft_PerLayerPersonAndMessage()
    {
        await SeedAsync();
        var page = await _chromium.NewPageAsync(App.BaseUrl, 1400, 1000);
        await BrowserFixture.SignInAsync(page, "admin@demo.local", DemoData.Password);
        await page.GotoAsync("/admin/ladders");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByTestId("ladder-pick").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Critical") }).ClickAsync();
        await Expect(page.GetByTestId("layer-receiver").First).ToContainTextAsync("Nora Patel");

        var timeout = page.GetByTestId("layer-card").First.GetByTestId("layer-timeout").Locator("input").First;
        await timeout.FillAsync("10");
        await timeout.PressAsync("Tab");
        await page.GetByTestId("ladder-replay-run").ClickAsync();

        await Expect(page.GetByTestId("ladder-replay-summary")).ToContainTextAsync("6 message(s) in Emergency");
        await Expect(page.GetByTestId("ladder-replay-draft")).ToContainTextAsync("L1 Primary nurse 10 min → L2 Charge nurse 5 min");
        var layers = page.GetByTestId("ladder-replay-layer");
        // Really (3, 5, 7, 5 min): acknowledged at 2, 4, 6, 9, 16 and 20 min. Draft (10, 5, 7, 5 min).
        await Expect(layers.Nth(0)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"Layer 1\s*6\s*6\s*—"));
        await Expect(layers.Nth(1)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"Layer 2\s*5\s*2\s*-3"));
        await Expect(layers.Nth(2)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"Layer 3\s*3\s*2\s*-1"));
        await Expect(page.GetByTestId("ladder-replay-layer4")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"Layer-4 activations\s*2\s*0\s*-2"));
        await Expect(page.GetByTestId("ladder-replay-person").Filter(new() { HasText = "Dr. Helen Park" })).ToContainTextAsync("0 (-2)");
        await Expect(page.GetByTestId("ladder-replay-change")).ToHaveCountAsync(5);

        var panel = page.GetByTestId("ladder-replay");
        await panel.ScrollIntoViewIfNeededAsync();
        await panel.ScreenshotAsync(new LocatorScreenshotOptions { Path = "/tmp/i19-replay-panel.png" });
        await BrowserFixture.ScreenshotAsync(panel, "admin-ladder-replay");

        await using var db = await App.Services.GetRequiredService<IDbContextFactory<EscalationDbContext>>().CreateDbContextAsync();
        var audit = Assert.Single(await db.AuditEntries.Where(e => e.Kind == "LadderReplayRun").ToListAsync());
        Assert.Contains("6 message(s)", audit.Detail);
        await page.Context.CloseAsync();
    }

    /// <summary>Six Critical messages of the Emergency unit over the past three weeks, two of them at night.</summary>
    private async Task SeedAsync()
    {
        var contexts = App.Services.GetRequiredService<IDbContextFactory<EscalationDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var unit = await db.Units.SingleAsync(u => u.Code == "ED");
        var critical = await db.Ladders.Where(l => l.IsCurrent && l.Name == Ladder.Defaults.CriticalName).Select(l => l.FamilyId).SingleAsync();
        var now = App.Clock.GetUtcNow();
        ReplayHistory.Past[] history =
        [
            new(now.AddDays(-20), TimeSpan.FromMinutes(2), Subject: "K+ 6.9 mmol/L"),
            new(now.AddDays(-17).AddHours(3), TimeSpan.FromMinutes(4), Subject: "Troponin 2.1 ng/mL"),
            new(now.AddDays(-12).AddHours(-5), TimeSpan.FromMinutes(6), Subject: "Lactate 5.2 mmol/L"),
            new(now.AddDays(-9).AddHours(1), TimeSpan.FromMinutes(9), Subject: "Na 118 mmol/L"),
            new(now.AddDays(-5).AddHours(-10), TimeSpan.FromMinutes(16), Subject: "Glucose 1.9 mmol/L"),
            new(now.AddDays(-2).AddHours(2), TimeSpan.FromMinutes(20), Subject: "Hb 5.8 g/dL"),
        ];
        await ReplayHistory.SeedAsync(contexts, unit.Id, critical, App.Services.GetRequiredService<PatientDataProtector>(),
            App.Services.GetRequiredService<EngineOptions>().RepageInterval, now, history);
    }
}
