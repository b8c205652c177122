using System.Globalization;
using System.Security.Cryptography;
using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Compliance.Exports;
using Escalation.Infrastructure.Roster;

namespace Escalation.Tests.Compliance;

/// <summary>
/// Each workbook is made from a history the real engine wrote, opened by LibreOffice Calc, and its values compared
/// with the database: what a compliance officer would see is what happened.
/// </summary>
public abstract class ComplianceExportTests(DatabaseProvider provider) : EngineTest(provider)
{
    private ComplianceExports _exports = default!;
    private string _folder = default!;

    protected override async Task StartedAsync()
    {
        _exports = new ComplianceExports(Harness.Contexts, new RosterViews(Harness.Contexts, Harness.Clock), new AuditCheckpointSigner(RandomNumberGenerator.GetBytes(32)), Harness.Clock);
        _folder = Directory.CreateTempSubdirectory("exports-").FullName;
        await using var db = Harness.NewContext();
        if (!await db.Organisation.AnyAsync())
        {
            db.Organisation.Add(new OrganisationProfile("Test clinic", "America/New_York"));
            await db.SaveChangesAsync();
        }
    }

    private static string Shown(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>A: read then acknowledged at layer 1 after 60 s; B: past layer 2, acknowledged by the doctor; C: Urgent, still open; D: a drill.</summary>
    private async Task<(MessageId A, MessageId B, MessageId C, MessageId D)> HistoryAsync()
    {
        var a = await Harness.SendAsync(Tier.Critical);
        Harness.Clock.Advance(TimeSpan.FromSeconds(20));
        await Harness.Engine.ReadAsync(a, Callers.Clinician("nurse"));
        Harness.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.True((await Harness.Engine.AcknowledgeAsync(a, Callers.Clinician("nurse"))).Succeeded);

        var b = await Harness.SendAsync(Tier.Critical);
        await Harness.ReachDeadlineAsync(b);      // layer 2
        await Harness.ReachDeadlineAsync(b);      // layer 3
        Harness.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await Harness.Engine.AcknowledgeAsync(b, Callers.Clinician("doctor"))).Succeeded);

        var c = await Harness.SendAsync(Tier.Urgent);
        Guid drillLadder;
        await using (var db = Harness.NewContext())
        {
            drillLadder = db.Ladders.Where(l => l.IsCurrent && l.Name == Escalation.Domain.Ladders.Ladder.Defaults.DrillName).Select(l => l.FamilyId).Single();
        }

        var d = new MessageId(await new Escalation.Infrastructure.Compliance.Drills(Harness.Contexts, Harness.Engine).RunNowAsync(Harness.Unit.Id.Value, drillLadder, "head"));
        Harness.Clock.Advance(TimeSpan.FromSeconds(5));
        while (await Harness.Chainer.ChainPendingAsync() > 0)
        {
        }

        return (a, b, c, d);
    }

    private async Task<(ExportResult Result, Dictionary<string, List<string[]>> Sheets)> ExportAsync(ExportKind kind, ExportFilter? filter = null)
    {
        filter ??= new ExportFilter(Harness.Clock.GetUtcNow().AddDays(-1), Harness.Clock.GetUtcNow().AddDays(1));
        var path = Path.Combine(_folder, $"{kind}-{Guid.NewGuid():N}.xlsx");
        ExportResult result;
        await using (var file = File.Create(path))
        {
            result = await _exports.WriteAsync(kind, filter, "head", file);
        }

        // For looking at: ESCALATION_SAMPLE_WORKBOOKS=dir keeps a copy of each workbook the tests made.
        if (Environment.GetEnvironmentVariable("ESCALATION_SAMPLE_WORKBOOKS") is { Length: > 0 } samples)
        {
            Directory.CreateDirectory(samples);
            File.Copy(path, Path.Combine(samples, $"{Harness.Provider}-{kind}.xlsx"), overwrite: true);
        }

        return (result, await LibreOffice.SheetsAsync(path));
    }

    [Fact]
    public async Task MessagesWorkbook_HasOneRowPerMessage_WithTheDatabasesValues_AndACoverSheet_AndIsAudited()
    {
        var (a, b, c, d) = await HistoryAsync();

        var (result, sheets) = await ExportAsync(ExportKind.Messages);

        Assert.Equal(["Cover", "Messages"], sheets.Keys.Order().ToArray());
        var rows = sheets["Messages"];
        Assert.Equal(["Message", "Tier", "Source", "Unit", "Subject", "Created (UTC)", "First delivered (UTC)", "First read (UTC)", "Acknowledged (UTC)", "Acknowledged by",
            "On behalf", "Time to ACK (s)", "Highest layer", "Outcome", "Drill"], rows[0]);
        Assert.Equal(4, rows.Count - 1);
        Assert.Equal(4, result.Rows);
        await using var db = Harness.NewContext();
        foreach (var id in new[] { a, b, c, d })
        {
            var message = await db.Messages.Include(m => m.Deliveries).AsNoTracking().SingleAsync(m => m.Id == id);
            var row = rows.Single(r => r[0] == id.Value.ToString());
            Assert.Equal(message.Tier.ToString(), row[1]);
            Assert.Equal(message.Source.ToString(), row[2]);
            Assert.Equal("ED", row[3]);
            Assert.Equal(Shown(message.CreatedAt), row[5]);
            Assert.Equal(Shown(message.Deliveries.Min(x => x.DeliveredAt)), row[6]);
            Assert.Equal(Shown(message.Deliveries.Where(x => x.ReadAt != null).Select(x => x.ReadAt).Min()), row[7]);
            Assert.Equal(Shown(message.AcknowledgedAt), row[8]);
            Assert.Equal(message.AcknowledgedBy ?? string.Empty, row[9]);
            Assert.Equal(message.AcknowledgedAt is { } ack ? ((long)Math.Round((ack - message.CreatedAt).TotalSeconds)).ToString(CultureInfo.InvariantCulture) : string.Empty, row[11]);
            Assert.Equal(message.IsDrill ? "yes" : "no", row[14]);
        }

        Assert.Equal("60", rows.Single(r => r[0] == a.Value.ToString())[11]);
        Assert.Equal("3", rows.Single(r => r[0] == b.Value.ToString())[12]);
        Assert.Equal("Open", rows.Single(r => r[0] == c.Value.ToString())[13]);

        var cover = sheets["Cover"].ToDictionary(r => r[0], r => r[1]);
        Assert.Equal("Messages", cover["Workbook"]);
        Assert.Equal("head", cover["Generated by"]);
        Assert.Equal(Shown(Harness.Clock.GetUtcNow()), cover["Generated at (UTC)"]);
        Assert.Equal("All units", cover["Unit"]);
        Assert.StartsWith("Intact: ", cover["Audit chain verification"]);
        Assert.Equal("4", cover["Rows: Messages"]);
        var exported = await db.AuditEntries.Where(e => e.Kind == ComplianceExports.ExportedKind).SingleAsync();
        Assert.Equal("head", exported.Actor);
        Assert.Contains("Messages workbook", exported.Detail);
        Assert.Contains("4 rows", exported.Detail);
    }

    [Fact]
    public async Task AuditLogWorkbook_MatchesTheTrail_RowByRow_AndNamesAnAlteredEntry()
    {
        var (_, b, _, _) = await HistoryAsync();

        var (result, sheets) = await ExportAsync(ExportKind.AuditLog);

        await using var db = Harness.NewContext();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence != null).OrderBy(e => e.Sequence).ToListAsync();
        var rows = sheets["Audit log"].Skip(1).ToList();
        Assert.Equal(entries.Count, rows.Count);
        Assert.True(result.Chain.IsIntact);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.Equal(entries[i].Sequence!.Value.ToString(CultureInfo.InvariantCulture), rows[i][0]);
            Assert.Equal(Shown(entries[i].At), rows[i][1]);
            Assert.Equal(entries[i].Kind, rows[i][4]);
            Assert.Equal(entries[i].Hash, rows[i][10]);
            Assert.Equal("OK", rows[i][11]);
        }

        // Tamper with one of B's entries, as someone with database access might.
        var victim = entries.First(e => e.MessageId == b.Value && e.Kind == "Acknowledged");
        await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "AuditEntries" SET "Actor" = 'nurse' WHERE "Id" = {victim.Id}""");

        var (tampered, after) = await ExportAsync(ExportKind.AuditLog, new ExportFilter(Harness.Clock.GetUtcNow().AddDays(-1), Harness.Clock.GetUtcNow().AddDays(1), Harness.Unit.Id.Value, Tier.Critical));
        Assert.False(tampered.Chain.IsIntact);
        Assert.Equal(victim.Sequence, tampered.Chain.FirstBadSequence);
        var bad = after["Audit log"].Single(r => r[0] == victim.Sequence!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal($"Entry {victim.Sequence} was altered after it was written.", bad[11]);
        Assert.StartsWith($"BROKEN at entry {victim.Sequence}", after["Cover"].Single(r => r[0] == "Audit chain verification")[1]);
        // The unit and tier filter keeps Critical message entries of ED only: no Urgent, no unit-less entries.
        var kept = after["Audit log"].Skip(1).Select(r => r[5]).Distinct().ToList();
        Assert.All(kept, id => Assert.Equal(Tier.Critical, db.Messages.AsNoTracking().Single(m => m.Id == new MessageId(Guid.Parse(id))).Tier));
    }

    [Fact]
    public async Task ExceptionReport_ListsWhatWentPastLayer2_AndThePatterns()
    {
        var (_, b, _, _) = await HistoryAsync();

        var (_, sheets) = await ExportAsync(ExportKind.Exceptions);

        Assert.Equal(["After hours", "By hour of day", "By source and type", "Cover", "Escalated past layer 2", "Not acknowledged by"], sheets.Keys.Order().ToArray());
        var past = Assert.Single(sheets["Escalated past layer 2"].Skip(1));
        Assert.Equal(b.Value.ToString(), past[0]);
        Assert.Equal("3", past[8]);
        Assert.Equal("doctor", past[9]);
        // 14:00 UTC on Monday 2 November is 09:00 in New York: in hours. A, B and C (not the drill) were sent then.
        var nine = sheets["By hour of day"].Single(r => r[0] == "9");
        Assert.Equal(["9", "3", "1", "33.3"], nine);
        Assert.Equal(["In hours (weekdays 07:00-19:00 local)", "3", "1", "33.3"], sheets["After hours"][1]);
        var missed = sheets["Not acknowledged by"].Skip(1).ToDictionary(r => r[1], r => r);
        Assert.Equal(["nurse", "charge"], missed.Keys.Order(StringComparer.Ordinal).Reverse().ToArray());
        Assert.Equal("1", missed["nurse"][3]);
        Assert.Equal("1", missed["charge"][3]);
        Assert.Contains(sheets["By source and type"], r => r is ["Manual", "Critical", "2", "1", "0", "50.0"]);
        Assert.Contains(sheets["By source and type"], r => r is ["Manual", "Urgent", "1", "0", "0", "0.0"]);
        Assert.DoesNotContain(sheets["By source and type"], r => r[0] == "Drill");
    }

    [Fact]
    public async Task OnCallWorkbook_ListsTheLast30DaysOfAssignments_WithTheirSource()
    {
        await HistoryAsync();

        var (_, sheets) = await ExportAsync(ExportKind.OnCall);

        var rows = sheets["On-call assignments"].Skip(1).ToList();
        Assert.Contains(rows, r => r[0] == "ED" && r[2] == "nurse" && r[7] == "Shift" && r[8] == "Manual shift" && r[4] == Shown(Harness.Clock.GetUtcNow().AddDays(-30)));
        Assert.Equal(4, rows.Count);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteComplianceExportTests() : ComplianceExportTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresComplianceExportTests() : ComplianceExportTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerComplianceExportTests() : ComplianceExportTests(DatabaseProvider.SqlServer);
