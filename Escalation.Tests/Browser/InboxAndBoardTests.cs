using System.Diagnostics;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Escalation.Tests.Browser;

/// <summary>
/// The clinician's inbox and the charge nurse's board, live, on the demo organisation: messages arrive from the
/// API, are read, acknowledged and closed in Chromium, and the board in a second browser context follows.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class InboxAndBoardTests(BrowserFixture fixture)
{
    [Fact]
    public async Task CriticalFromTheApi_AppearsInTheNursesInbox_IsReadThenAcknowledged_AndTheBoardFollowsWithinASecond()
    {
        var nurse = await SignedInPageAsync("nurse@demo.local", "/inbox");
        var charge = await SignedInPageAsync("charge@demo.local", "/board");
        var subject = $"Critical potassium {Guid.NewGuid():N}"[..28];

        var id = await SendAsync("Critical", subject);

        // Arrives without a reload, with the tab title counting it.
        var item = nurse.GetByTestId("inbox-item").Filter(new() { HasText = subject });
        await Expect(item).ToBeVisibleAsync();
        await Expect(nurse).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"^\(\d+\) Inbox"));
        var row = charge.GetByTestId("board-row").Filter(new() { HasText = subject });
        await Expect(row).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(nurse, "inbox-new-critical");

        // Opening records a read, and the escalation carries on: the board says read, not acknowledged.
        await item.ClickAsync();
        await Expect(nurse.GetByTestId("message-subject")).ToHaveTextAsync(subject);
        await Expect(row.GetByTestId("read-not-acked")).ToBeVisibleAsync();
        var message = await GetAsync(id);
        Assert.Equal("Open", message.GetProperty("state").GetString());
        Assert.Contains(message.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "Read");
        await BrowserFixture.ScreenshotAsync(charge, "board-read-not-acked");

        // A reply goes on the thread and does not acknowledge: the board still has the row.
        await nurse.GetByTestId("reply-text").FillAsync("Calling the patient now");
        await nurse.GetByTestId("reply-send").ClickAsync();
        await Expect(nurse.GetByTestId("reply")).ToContainTextAsync("Nora Patel");
        await Expect(nurse.GetByTestId("reply")).ToContainTextAsync("Calling the patient now");
        await Expect(row).ToBeVisibleAsync();

        await nurse.GetByTestId("ack").ClickAsync();
        await Expect(row).ToHaveCountAsync(0, new() { Timeout = 1_000 });
        await Expect(nurse.GetByTestId("message-state")).ToContainTextAsync("Acknowledged");

        // Close with an outcome and a note.
        await nurse.GetByTestId("close-note").FillAsync("Repeat K+ ordered, patient on monitor");
        await nurse.GetByTestId("close").ClickAsync();
        await Expect(nurse.GetByTestId("message-state")).ToContainTextAsync("Closed · Action taken");
        await BrowserFixture.ScreenshotAsync(nurse, "inbox-closed");
        await nurse.Context.CloseAsync();
        await charge.Context.CloseAsync();
    }

    [Fact]
    public async Task OnTheDrillLadder_TheBoardsCountdownRunsOut_AndTheMessageMovesToTheNextLayerOnScreen()
    {
        var charge = await SignedInPageAsync("charge@demo.local", "/board");
        var subject = $"Drill {Guid.NewGuid():N}"[..20];
        await SendAsync("Critical", subject, await DrillLadderAsync());
        var row = charge.GetByTestId("board-row").Filter(new() { HasText = subject });
        await Expect(row.GetByTestId("board-layer")).ToContainTextAsync("Layer 1 of 4");
        await Expect(row.GetByTestId("board-layer")).ToContainTextAsync("Nora Patel");
        await Expect(row.GetByTestId("countdown")).ToHaveTextAsync("0:05");

        fixture.App.Clock.Advance(TimeSpan.FromSeconds(4));
        await Expect(row.GetByTestId("countdown")).ToHaveTextAsync("0:01");
        fixture.App.Clock.Advance(TimeSpan.FromSeconds(1));

        // The deadline fires through Quartz on the same clock; the board shows layer 2 and its holder.
        await Expect(row.GetByTestId("board-layer")).ToContainTextAsync("Layer 2 of 4");
        await Expect(row.GetByTestId("board-layer")).ToContainTextAsync("Casey Rivera");
        await BrowserFixture.ScreenshotAsync(charge, "board-drill-layer-2");

        await row.GetByTestId("board-ack").ClickAsync();
        await Expect(charge.GetByTestId("board-result")).ToContainTextAsync("on the unit's behalf");
        await Expect(row).ToHaveCountAsync(0);
        await charge.Context.CloseAsync();
    }

    [Fact]
    public async Task Clinician_CannotOpenTheBoard_NorAcknowledgeSomebodyElsesMessage()
    {
        var doctor = await SignedInPageAsync("doctor@demo.local", "/");
        var response = await doctor.GotoAsync("/board");
        Assert.Equal(403, response!.Status);
        await Expect(doctor.GetByTestId("board")).ToHaveCountAsync(0);
        var editor = await doctor.GotoAsync("/admin/ladders");
        Assert.Equal(403, editor!.Status);
        await Expect(doctor.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(doctor.GetByTestId("ladders")).ToHaveCountAsync(0);
        await doctor.Context.CloseAsync();

        // The nurse's message, acknowledged by the doctor through the API: refused, and it stays open.
        var id = await SendAsync("Critical", "For the nurse only");
        using var api = await HttpClients.SignedInAsync(fixture.App, "doctor@demo.local");
        var ack = await api.PostAsync($"/api/messages/{id}/ack", null);
        Assert.Contains(ack.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Equal("Open", (await GetAsync(id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task InboxOnAPhone_ShowsTheAcknowledgeButtonWithoutScrolling()
    {
        var subject = $"Phone check {Guid.NewGuid():N}"[..24];
        await SendAsync("Critical", subject);
        var page = await fixture.OpenSignedInAsync("nurse@demo.local", "/inbox", 390, 844);

        await page.GetByTestId("inbox-item").Filter(new() { HasText = subject }).ClickAsync();

        var ack = page.GetByTestId("ack");
        await Expect(ack).ToBeInViewportAsync();
        var box = await ack.BoundingBoxAsync();
        Assert.True(box!.Y + box.Height <= 844, $"the button ends at {box.Y + box.Height}px");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width}px wide");
        // The header stays one line: who is signed in, and icons with their labels for the rest.
        var header = await page.Locator(".app-header").BoundingBoxAsync();
        Assert.True(header!.Height <= 64, $"the header is {header.Height}px high");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Nora Patel");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "My phone" })).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeInViewportAsync(new() { Ratio = 1 });
        await BrowserFixture.ScreenshotAsync(page, "inbox-phone");
        await page.Context.CloseAsync();
    }

    private async Task<IPage> SignedInPageAsync(string email, string path)
    {
        var page = await fixture.HomePageAsync(email);
        if (path != "/")
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitForInteractiveAsync(page);
        }

        return page;
    }

    private async Task<Guid> SendAsync(string tier, string subject, Guid? ladderId = null)
    {
        using var ehr = HttpClients.WithApiKey(fixture.App, DemoData.IntegrationKey);
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var ed = await HttpClients.UnitIdAsync(admin, "ED");

        // A drill (a chosen ladder) is an administrator's to run; clinical messages come from the EHR integration.
        var response = ladderId is null
            ? await ehr.PostAsJsonAsync("/api/messages", new { tier, subject, body = "K+ 6.9 mmol/L (critical), bed 12", patientRef = "MRN 0042", unitId = ed, source = "Ehr" })
            : await admin.PostAsJsonAsync("/api/messages", new { tier, subject, body = "Drill: no patient", unitId = ed, source = "Drill", ladderId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> GetAsync(Guid id)
    {
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        return await admin.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
    }

    private async Task<Guid> DrillLadderAsync()
    {
        using var admin = await HttpClients.SignedInAsync(fixture.App, "admin@demo.local");
        var ladders = await admin.GetFromJsonAsync<JsonElement>("/api/ladders");
        return ladders.EnumerateArray().Single(l => l.GetProperty("name").GetString() == "Drill (fast)").GetProperty("familyId").GetGuid();
    }
}
