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
