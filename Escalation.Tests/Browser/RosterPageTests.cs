using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>
/// The roster page on the demo organisation (the app's clock: Monday 2026-11-02 09:00 in New York): who is on duty,
/// who a Critical message would reach, the week's timeline, and an import with errors then without.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RosterPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Administrator_SeesWhoIsOnDuty_WhoACriticalWouldReach_AndTheWeek()
    {
        var page = await fixture.OpenSignedInAsync("admin@demo.local", "/roster", 1400, 900);
        await SelectUnitAsync(page, "Emergency");

        var now = page.GetByTestId("roster-now");
        await Expect(now).ToContainTextAsync("On duty now · Emergency");
        await Expect(now.GetByTestId("roster-now-row").Filter(new() { HasText = "Primary nurse" })).ToContainTextAsync("Nora Patel");
        await Expect(now.GetByTestId("roster-now-row").Filter(new() { HasText = "On-call physician" })).ToContainTextAsync("Nobody");
        var critical = page.GetByTestId("roster-critical");
        await Expect(critical).ToContainTextAsync("Nora Patel");
        await Expect(critical).ToContainTextAsync("Dr. Daniel Okafor");
        await Expect(critical).ToContainTextAsync("Dr. Helen Park");
        await Expect(page.GetByTestId("timeline-row")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("roster-editor")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "roster-admin");
        await BrowserFixture.ScreenshotAsync(page.GetByTestId("roster-editor"), "roster-editor");

        // Cardiology has nobody on duty: every layer is a gap, drawn in red.
        await SelectUnitAsync(page, "Cardiology");
        await Expect(page.GetByTestId("roster-now")).ToContainTextAsync("Cardiology");
        await Expect(page.GetByTestId("roster-gap").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("timeline-gap")).ToHaveCountAsync(5);
        await BrowserFixture.ScreenshotAsync(page, "roster-gaps");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Upload_WithBadRows_ShowsEveryLineAndChangesNothing_ThenTheFixedFileApplies()
    {
        var page = await fixture.OpenSignedInAsync("admin@demo.local", "/roster", 1400, 900);
        await SelectUnitAsync(page, "Emergency");
        await Expect(page.GetByTestId("import-source")).ToContainTextAsync(DemoData.ScheduleSourceName);

        const string bad = """
            role,person,start,end
            Charge Nurse,Casey Rivera,2026-11-03 07:00,2026-11-03 19:00
            Charge Nurse,Dr. Who,2026-11-03 19:00,2026-11-04 07:00
            Attending,Dr. Daniel Okafor,11/03/2026 7:00 AM,tomorrow
            Charge Nurse,Nora Patel,2026-11-03 18:00,2026-11-03 23:00
            """;
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "ed-week.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(bad) });

        var report = page.GetByTestId("import-report");
        await Expect(report).ToContainTextAsync("ed-week.csv was not imported: nothing changed");
        var errors = page.GetByTestId("import-errors");
        await Expect(errors.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(errors).ToContainTextAsync("unknown person \"Dr. Who\"");
        await Expect(errors).ToContainTextAsync("tomorrow");
        await Expect(errors).ToContainTextAsync("overlaps line 2");
        await BrowserFixture.ScreenshotAsync(page.GetByTestId("roster-sources"), "roster-import-errors");

        var good = bad.Replace("Dr. Who", "Nora Patel").Replace("tomorrow", "11/03/2026 7:00 PM").Replace("Charge Nurse,Nora Patel,2026-11-03 18:00,2026-11-03 23:00", string.Empty);
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "ed-week-fixed.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(good) });

        await Expect(report).ToContainTextAsync("ed-week-fixed.csv imported.");
        await Expect(report).ToContainTextAsync("3 shifts added");
        await Expect(page.GetByTestId("sources-table")).ToContainTextAsync("In sync");
        await Expect(page.GetByTestId("roster-timeline")).ToContainTextAsync("Casey Rivera");
        await BrowserFixture.ScreenshotAsync(page.GetByTestId("roster-sources"), "roster-import-applied");
        await BrowserFixture.ScreenshotAsync(page.GetByTestId("roster-timeline"), "roster-timeline-after-import");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Administrator_SavesAnOverrideInTheForm_AndTheUnitsOnDutyListFollowsAtOnce()
    {
        var page = await fixture.OpenSignedInAsync("admin@demo.local", "/roster", 1400, 900);
        await SelectUnitAsync(page, "Medical Ward");
        var primary = page.GetByTestId("roster-now-row").Filter(new() { HasText = "Primary nurse" });
        await Expect(primary).ToContainTextAsync("Nobody");

        // Add Nora Patel as the ward's primary nurse for the next 12 hours (the form's default interval).
        await page.GetByTestId("override-kind").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Add", Exact = true }).ClickAsync();
        await page.GetByTestId("override-person").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Nora Patel" }).ClickAsync();
        await page.GetByTestId("override-reason").FillAsync("Covering MED tonight");
        await page.GetByTestId("override-save").ClickAsync();

        await Expect(page.GetByTestId("roster-editor-result")).ToContainTextAsync("Override saved");
        await Expect(primary).ToContainTextAsync("Nora Patel");
        await Expect(primary).ToContainTextAsync("Override (Add): Covering MED tonight");
        await Expect(page.GetByTestId("roster-critical")).ToContainTextAsync("Nora Patel");
        await BrowserFixture.ScreenshotAsync(page.GetByTestId("roster-now"), "roster-after-override");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AdministratorsHome_ShowsTheRosterGaps()
    {
        var page = await fixture.HomePageAsync("admin@demo.local", 1400, 900);

        var gaps = page.GetByTestId("roster-gaps");
        await Expect(gaps.GetByTestId("roster-gap").Filter(new() { HasText = "CARD" })).ToContainTextAsync("Critical layers 1, 2, 3, 4");
        await Expect(page.GetByTestId("notices")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(gaps, "home-admin-roster-gaps");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ChargeNurse_SeesTheRoster_ButCannotChangeIt_AndAClinicianIsRefused()
    {
        var charge = await fixture.OpenSignedInAsync("charge@demo.local", "/roster");
        await Expect(charge.GetByTestId("roster-now")).ToContainTextAsync("Casey Rivera");
        await Expect(charge.GetByTestId("roster-editor")).ToHaveCountAsync(0);
        await Expect(charge.GetByTestId("import-file")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(charge, "roster-charge");
        await charge.Context.CloseAsync();

        var nurse = await fixture.HomePageAsync("nurse@demo.local");
        var response = await nurse.GotoAsync("/roster");
        Assert.Equal(403, response!.Status);
        await Expect(nurse.GetByTestId("roster")).ToHaveCountAsync(0);
        await nurse.Context.CloseAsync();
    }

    /// <summary>An administrator has no home unit, so the page opens on the first; pick one from the unit list.</summary>
    private static async Task SelectUnitAsync(IPage page, string unit)
    {
        await page.GetByTestId("roster-unit").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = unit }).ClickAsync();
        await Expect(page.GetByTestId("roster-now")).ToContainTextAsync($"On duty now · {unit}");
    }
}
