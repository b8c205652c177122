using System.IO.Compression;
using Escalation.Infrastructure.Compliance;
using Escalation.Infrastructure.Compliance.Exports;
using Escalation.Infrastructure.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Hosting;

namespace Escalation.Tests.Cluster;

/// <summary>
/// Two nodes on one PostgreSQL database: node A in this process (so its clock can be moved), node B a real app
/// process with the same key-ring certificate, as every node of a cluster is given. Whatever A made or issued, B
/// serves: the compliance page's download, and the sign-in cookie for the API and for a page.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class AnyNodeTests : IAsyncLifetime
{
    private readonly AppProcesses _processes = new();
    private TestDatabase _database = default!;
    private AppHost _nodeA = default!;
    private string _nodeB = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        // A's clock starts at the real time: B runs on the real clock, and the download's hour is counted on both.
        _nodeA = new AppHost(_database.Options, clock: new TestClock(DateTimeOffset.UtcNow)).Start();
        var certificate = Path.Combine(_nodeA.Services.GetRequiredService<IHostEnvironment>().ContentRootPath, KeyRingCertificate.DevelopmentFile);
        _nodeB = await _processes.StartAsync("Postgres", _database.Options.ConnectionString,
            new Dictionary<string, string> { ["DataProtection__CertificatePath"] = certificate });
    }

    [Fact]
    public async Task DownloadMadeOnNodeA_IsFetchedOnNodeB_ByItsOwnerOnly_AndNotAfterAnHour()
    {
        var owner = await UserIdAsync("compliance@demo.local");
        var today = _nodeA.Clock.GetUtcNow().UtcDateTime.Date;
        var filter = new ExportFilter(new DateTimeOffset(today.AddDays(-30)), new DateTimeOffset(today.AddDays(1)));
        // What the compliance page calls when the officer presses "Audit log" on a page served by A.
        var made = await _nodeA.Services.GetRequiredService<ExportDownloads>().MakeAsync(ExportKind.AuditLog, filter, owner);

        using var ownerOnA = await HttpClients.SignedInAsync(_nodeA, "compliance@demo.local");
        using var ownerOnB = await HttpClients.SignedInAsync(_nodeB, "compliance@demo.local");
        var onA = await ownerOnA.GetAsync($"/api/compliance/files/{made.Token}");
        var onB = await ownerOnB.GetAsync($"/api/compliance/files/{made.Token}");
        Assert.Equal(HttpStatusCode.OK, onA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        Assert.Equal(made.FileName, onB.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var workbook = await onB.Content.ReadAsByteArrayAsync();
        Assert.Equal(await onA.Content.ReadAsByteArrayAsync(), workbook);
        using (var zip = new ZipArchive(new MemoryStream(workbook)))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "xl/workbook.xml");
        }

        // Another person with the compliance pages open: no such file, on either node.
        using var adminOnB = await HttpClients.SignedInAsync(_nodeB, "admin@demo.local");
        Assert.Equal(HttpStatusCode.NotFound, (await adminOnB.GetAsync($"/api/compliance/files/{made.Token}")).StatusCode);
        // Nor is it a stored report that anyone with the compliance pages may list or fetch.
        Assert.Equal(HttpStatusCode.NotFound, (await adminOnB.GetAsync($"/api/compliance/reports/{made.Token}")).StatusCode);
        var reports = await adminOnB.GetFromJsonAsync<JsonElement>("/api/compliance/reports");
        Assert.DoesNotContain(reports.EnumerateArray(), r => r.GetProperty("id").GetGuid() == made.Token);

        // Made as today: the export is audited once, by its owner.
        await using (var db = _database.NewContext())
        {
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Kind == ComplianceExports.ExportedKind && e.Actor == owner));
        }

        // An hour and a minute later on A's clock: gone for its owner too (signed in again: the session idled out).
        _nodeA.Clock.Advance(TimeSpan.FromMinutes(61));
        using var ownerLater = await HttpClients.SignedInAsync(_nodeA, "compliance@demo.local");
        Assert.Equal(HttpStatusCode.NotFound, (await ownerLater.GetAsync($"/api/compliance/files/{made.Token}")).StatusCode);

        // The next export on any node deletes what has expired.
        await _nodeA.Services.GetRequiredService<ExportDownloads>().MakeAsync(ExportKind.OnCall, filter, owner);
        await using var after = _database.NewContext();
        Assert.False(await after.StoredReports.AnyAsync(r => r.Id == made.Token));
    }

    [Fact]
    public async Task SignedInOnNodeA_TheCookieOpensTheApiAndAPageOnNodeB()
    {
        var cookies = await HttpClients.SignInAsync(_nodeA.BaseUrl, "charge@demo.local", DemoData.Password);
        using var onB = HttpClients.WithCookies(_nodeB, cookies, sameOrigin: true);

        var units = await onB.GetAsync("/api/units");
        Assert.Equal(HttpStatusCode.OK, units.StatusCode);
        Assert.Contains("\"ED\"", await units.Content.ReadAsStringAsync());

        // A page, prerendered on B for the signed-in charge nurse (a redirect here would be to the sign-in form).
        var board = await onB.GetAsync("/board");
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
        var html = await board.Content.ReadAsStringAsync();
        Assert.Contains("Casey Rivera", html);
        Assert.DoesNotContain("Input.Password", html);
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = _database.NewContext();
        return (await db.Users.SingleAsync(u => u.Email == email)).Id;
    }

    public async Task DisposeAsync()
    {
        await _processes.DisposeAsync();
        await _nodeA.DisposeAsync();
        await _database.DisposeAsync();
    }
}
