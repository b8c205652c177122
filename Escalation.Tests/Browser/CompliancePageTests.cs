using System.Net.Http.Json;
using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Persistence;
using Escalation.Infrastructure.Seeding;
using Escalation.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>The compliance page verifies the audit chain and names an altered entry.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class CompliancePageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Layer4Activation_OpensAReview_ThatComplianceClosesWithFindings()
    {
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var ed = await HttpClients.UnitIdAsync(admin, "ED");
        var sent = await admin.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject = "Unanswered critical", body = "b", unitId = ed });
        var id = (await sent.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        var contexts = fixture.App.Services.GetRequiredService<IDbContextFactory<EscalationDbContext>>();
        foreach (var (minutes, layer) in new[] { (3, 2), (5, 3), (7, 4) })
        {
            fixture.App.Clock.Advance(TimeSpan.FromMinutes(minutes));
            await Eventually.UntilAsync(
                async () =>
                {
                    await using var db = await contexts.CreateDbContextAsync();
                    return await db.Messages.Where(m => m.Id == new Escalation.Domain.Messages.MessageId(id)).Select(m => m.CurrentLayer).SingleAsync();
                },
                current => current >= layer,
                TimeSpan.FromSeconds(20));
        }

        var page = await fixture.NewPageAsync(1400, 900);
        await BrowserFixture.SignInAsync(page, "compliance@demo.local", DemoData.Password);
        await page.GotoAsync("/compliance");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var review = page.GetByTestId("review").Filter(new() { HasText = "Unanswered critical" });
        await Expect(review).ToBeVisibleAsync();
        await review.GetByTestId("review-findings").FillAsync("Layers 1-3 were in a trauma call; added a backup contact for nights.");
        await review.GetByTestId("review-close").ClickAsync();
        await Expect(review).ToContainTextAsync("Closed");
        await Expect(review).ToContainTextAsync("added a backup contact");
        await BrowserFixture.ScreenshotAsync(page, "compliance-reviews");
        await page.Context.CloseAsync();
        // The clock moved 15 minutes: the first session idled out. Acknowledge so the message stops re-paging.
        using var again = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        (await again.PostAsync($"/api/messages/{id}/ack", null)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task ComplianceOfficer_ExportsTheMessagesWorkbook_AndDownloadsWhatTheDatabaseHolds()
    {
        using (var ehr = HttpClients.WithApiKey(fixture.App, DemoData.IntegrationKey))
        {
            var ed = await HttpClients.UnitIdAsync(ehr, "ED");
            (await ehr.PostAsJsonAsync("/api/messages", new { tier = "Urgent", subject = "Exported message", body = "b", unitId = ed, source = "Ehr" })).EnsureSuccessStatusCode();
        }

        var page = await fixture.NewPageAsync(1400, 1000);
        await BrowserFixture.SignInAsync(page, "compliance@demo.local", DemoData.Password);
        await page.GotoAsync("/compliance");
        await BrowserFixture.WaitForInteractiveAsync(page);

        await page.GetByTestId("export-Messages").ClickAsync();
        await Expect(page.GetByTestId("export-ready")).ToContainTextAsync("Messages ready");
        await BrowserFixture.ScreenshotAsync(page.GetByTestId("exports"), "compliance-export-ready");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-download").ClickAsync());
        var path = Path.Combine(Directory.CreateTempSubdirectory("download-").FullName, download.SuggestedFilename);
        await download.SaveAsAsync(path);

        var sheets = await LibreOffice.SheetsAsync(path);
        var today = fixture.App.Clock.GetUtcNow().UtcDateTime.Date;
        DateTimeOffset from = new(today.AddDays(-30), TimeSpan.Zero), to = new(today.AddDays(1), TimeSpan.Zero);
        var contexts = fixture.App.Services.GetRequiredService<IDbContextFactory<EscalationDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var ids = (await db.Messages.AsNoTracking().Where(m => m.CreatedAt >= from && m.CreatedAt < to).Select(m => m.Id).ToListAsync()).Select(id => id.Value.ToString()).ToHashSet();
        Assert.NotEmpty(ids);
        Assert.Equal(ids, sheets["Messages"].Skip(1).Select(r => r[0]).ToHashSet());
        Assert.Equal("Chris Lindqvist", sheets["Cover"].Single(r => r[0] == "Generated by")[1]);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Kind == "Exported" && e.Detail!.StartsWith("Messages workbook")));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Administrator_RunsADrillNow_AndItsReportShowsTheFirstStepUnderWay()
    {
        var page = await fixture.NewPageAsync(1400, 900);
        await BrowserFixture.SignInAsync(page, "admin@demo.local", DemoData.Password);
        await page.GotoAsync("/compliance/drills");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var before = await page.GetByTestId("drill").CountAsync();

        await page.GetByTestId("drill-run").ClickAsync();

        await Expect(page.GetByTestId("drill-result")).ToContainTextAsync("Drill sent");
        await Expect(page.GetByTestId("drill")).ToHaveCountAsync(before + 1);
        var newest = page.GetByTestId("drill").First;
        await Expect(newest).ToContainTextAsync("Drill (fast)");
        await Expect(newest.GetByTestId("drill-steps")).ToContainTextAsync("still waiting");
        await BrowserFixture.ScreenshotAsync(page, "compliance-drills");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AuditVerification_SaysIntact_ThenNamesAnAlteredEntry()
    {
        var contexts = fixture.App.Services.GetRequiredService<IDbContextFactory<EscalationDbContext>>();
        var chainer = fixture.App.Services.GetRequiredService<AuditChainer>();
        while (await chainer.ChainPendingAsync() > 0)
        {
        }

        var page = await fixture.NewPageAsync(1400, 900);
        await BrowserFixture.SignInAsync(page, "compliance@demo.local", DemoData.Password);
        await page.GotoAsync("/compliance");
        await BrowserFixture.WaitForInteractiveAsync(page);

        await page.GetByTestId("audit-verify").ClickAsync();
        await Expect(page.GetByTestId("audit-verdict")).ToContainTextAsync("Intact:");

        // Alter one chained entry, verify, then put it back: the trail is shared with the other browser tests.
        long sequence;
        string? original;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var entry = await db.AuditEntries.Where(e => e.Sequence != null).OrderBy(e => e.Sequence).Skip(2).FirstAsync();
            (sequence, original) = (entry.Sequence!.Value, entry.Detail);
            await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "AuditEntries" SET "Detail" = {"forged"} WHERE "Sequence" = {sequence}""");
        }

        try
        {
            await page.GetByTestId("audit-verify").ClickAsync();
            await Expect(page.GetByTestId("audit-verdict")).ToContainTextAsync($"Broken at entry {sequence}");
            await BrowserFixture.ScreenshotAsync(page, "compliance-audit-broken");
        }
        finally
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "AuditEntries" SET "Detail" = {original} WHERE "Sequence" = {sequence}""");
        }

        await page.GetByTestId("audit-verify").ClickAsync();
        await Expect(page.GetByTestId("audit-verdict")).ToContainTextAsync("Intact:");
        await page.Context.CloseAsync();
    }
}
