using System.Globalization;
using Escalation.Domain.Audit;
using Escalation.Domain.Messages;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Persistence;
using Escalation.Infrastructure.Roster;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Infrastructure.Compliance.Exports;

public enum ExportKind
{
    AuditLog,
    Messages,
    Exceptions,
    OnCall,
}

/// <summary>What an export covers: [From, To) in UTC, and optionally one unit and one tier.</summary>
public sealed record ExportFilter(DateTimeOffset From, DateTimeOffset To, Guid? UnitId = null, Tier? Tier = null);

public sealed record ExportResult(ExportKind Kind, long Rows, AuditVerification Chain, string FileName);

/// <summary>
/// The compliance workbooks: the audit log, one row per message, the exception report and 30 days of on-call
/// assignments. Each streams to the caller's stream, opens with a cover sheet (filters, who and when, the audit
/// chain's verdict), and is itself audited: who exported what, with which filters and how many rows.
/// </summary>
public sealed class ComplianceExports(IDbContextFactory<EscalationDbContext> contexts, RosterViews roster, AuditCheckpointSigner signer, TimeProvider clock)
{
    public const string ExportedKind = "Exported";

    /// <summary>After-hours: before 07:00 or from 19:00 local, and all weekend.</summary>
    public static bool IsAfterHours(DateTime local) =>
        local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || local.Hour < 7 || local.Hour >= 19;

    public static string Title(ExportKind kind) => kind switch
    {
        ExportKind.AuditLog => "Audit log",
        ExportKind.Messages => "Messages",
        ExportKind.Exceptions => "Exception report",
        _ => "On-call assignments",
    };

    public static string FileNameFor(ExportKind kind, ExportFilter filter) =>
        $"{Title(kind).ToLowerInvariant().Replace(' ', '-')}-{filter.From.UtcDateTime:yyyyMMdd}-{filter.To.UtcDateTime:yyyyMMdd}.xlsx";

    public async Task<ExportResult> WriteAsync(ExportKind kind, ExportFilter filter, string actor, Stream output, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (filter.To <= filter.From)
        {
            throw new ArgumentException("The end of the period must be after its start.", nameof(filter));
        }

        var generatedAt = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var context = await ContextAsync(db, filter, actor, cancellationToken);
        var sheets = new List<(string Sheet, long Rows)>();
        AuditVerification chain;
        using (var workbook = new XlsxWorkbook(output))
        {
            chain = kind switch
            {
                ExportKind.AuditLog => await AuditLogAsync(db, workbook, context, sheets, progress, cancellationToken),
                _ => AuditWriter.Verify(db, signer: signer),
            };
            switch (kind)
            {
                case ExportKind.Messages:
                    await MessagesAsync(db, workbook, context, sheets, progress, cancellationToken);
                    break;
                case ExportKind.Exceptions:
                    await ExceptionsAsync(db, workbook, context, sheets, cancellationToken);
                    break;
                case ExportKind.OnCall:
                    await OnCallAsync(workbook, sheets, cancellationToken);
                    break;
            }

            Cover(workbook, kind, context, generatedAt, chain, sheets);
        }

        var rows = sheets.Sum(s => s.Rows);
        await AuditWriter.SaveAsync(db, [new AuditRecord(clock.GetUtcNow(), actor, ExportedKind, Detail:
            $"{Title(kind)} workbook; {context.FilterText}; {rows} rows; chain {(chain.IsIntact ? "intact" : $"broken at entry {chain.FirstBadSequence}")}")], cancellationToken);

        return new ExportResult(kind, rows, chain, FileNameFor(kind, filter));
    }

    private sealed record ExportContext(
        ExportFilter Filter, string ActorName, string FilterText, TimeZoneInfo Zone, Dictionary<string, string> Names, Dictionary<Guid, string> Units, HashSet<Guid>? MessageScope);

    private static async Task<ExportContext> ContextAsync(EscalationDbContext db, ExportFilter filter, string actor, CancellationToken cancellationToken)
    {
        var names = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id.Value, u => u.Code, cancellationToken);
        var zone = await db.OrganisationZoneAsync(cancellationToken);
        HashSet<Guid>? scope = null;
        if (filter.UnitId is not null || filter.Tier is not null)
        {
            scope = (await ScopedMessages(db, filter, wholeHistory: true).Select(m => m.Id).ToListAsync(cancellationToken)).Select(id => id.Value).ToHashSet();
        }

        var unitText = filter.UnitId is { } unit ? units.GetValueOrDefault(unit, "unknown unit") : "all units";
        var filterText = string.Create(CultureInfo.InvariantCulture,
            $"{filter.From.UtcDateTime:yyyy-MM-dd HH:mm} to {filter.To.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {unitText}, {(filter.Tier?.ToString() ?? "all tiers")}");
        return new ExportContext(filter, names.GetValueOrDefault(actor, actor), filterText, zone, names, units, scope);
    }

    private static IQueryable<Message> ScopedMessages(EscalationDbContext db, ExportFilter filter, bool wholeHistory = false)
    {
        var query = db.Messages.AsNoTracking();
        if (!wholeHistory)
        {
            query = query.Where(m => m.CreatedAt >= filter.From && m.CreatedAt < filter.To);
        }

        if (filter.UnitId is { } unit)
        {
            var id = new UnitId(unit);
            query = query.Where(m => m.UnitId == id);
        }

        if (filter.Tier is { } tier)
        {
            query = query.Where(m => m.Tier == tier);
        }

        return query;
    }

    private static void Cover(XlsxWorkbook workbook, ExportKind kind, ExportContext context, DateTimeOffset generatedAt, AuditVerification chain, List<(string Sheet, long Rows)> sheets)
    {
        var cover = workbook.AddSheet("Cover", [new("Field", XlsxType.Text, 28), new("Value", XlsxType.Text, 90)], position: 0);
        cover.WriteRow("Workbook", Title(kind));
        cover.WriteRow("Period from (UTC)", context.Filter.From);
        cover.WriteRow("Period to (UTC, exclusive)", context.Filter.To);
        cover.WriteRow("Unit", context.Filter.UnitId is { } unit ? context.Units.GetValueOrDefault(unit, "unknown unit") : "All units");
        cover.WriteRow("Tier", context.Filter.Tier?.ToString() ?? "All tiers");
        cover.WriteRow("Generated by", context.ActorName);
        cover.WriteRow("Generated at (UTC)", generatedAt);
        cover.WriteRow("Audit chain verification", chain.IsIntact
            ? $"Intact: {chain.EntriesChecked:N0} entries verified"
            : $"BROKEN at entry {chain.FirstBadSequence}: {chain.Problem}");
        cover.WriteRow("Times", "All times are UTC; hours of day in the exception report are in the organisation's zone, " + context.Zone.Id);
        foreach (var (sheet, rows) in sheets)
        {
            cover.WriteRow($"Rows: {sheet}", rows);
        }
    }

    private async Task<AuditVerification> AuditLogAsync(
        EscalationDbContext db, XlsxWorkbook workbook, ExportContext context, List<(string, long)> sheets, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var sheet = workbook.AddSheet("Audit log",
        [
            new("Sequence", XlsxType.Integer, 11), new("At (UTC)", XlsxType.DateTime, 20), new("Actor", XlsxType.Text, 24), new("Actor id", XlsxType.Text, 22),
            new("Kind", XlsxType.Text, 18), new("Message", XlsxType.Text, 38), new("Layer", XlsxType.Integer, 7), new("Channel", XlsxType.Text, 10),
            new("Detail", XlsxType.Text, 60), new("Previous hash", XlsxType.Text, 20), new("Hash", XlsxType.Text, 68), new("Verification", XlsxType.Text, 30),
        ]);
        var fromMs = context.Filter.From.ToUnixTimeMilliseconds();
        var toMs = context.Filter.To.ToUnixTimeMilliseconds();
        var scope = context.MessageScope;

        void Write(AuditEntry entry, string verification)
        {
            if (entry.AtUnixMs < fromMs || entry.AtUnixMs >= toMs || (scope is not null && (entry.MessageId is not { } id || !scope.Contains(id))))
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            sheet.WriteRow(entry.Sequence, entry.At, context.Names.GetValueOrDefault(entry.Actor, entry.Actor), entry.Actor, entry.Kind, entry.MessageId?.ToString(),
                entry.Layer, entry.Channel, entry.Detail, entry.PreviousHash, entry.Hash, verification);
            if (sheet.Rows % 5000 == 0)
            {
                progress?.Report(sheet.Rows);
            }
        }

        // The whole chain is walked, so every row's verdict is the real one; only the rows in the filter are written.
        var chain = AuditWriter.Verify(db, (entry, problem) => Write(entry, problem ?? "OK"), signer);
        await foreach (var entry in db.AuditEntries.AsNoTracking().Where(e => e.Sequence == null).OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Write(entry, "Not chained yet (written in the last moments)");
        }

        progress?.Report(sheet.Rows);
        sheets.Add(("Audit log", sheet.Rows));
        return chain;
    }

    private sealed record MessageRow(Message Message, IReadOnlyList<Delivery> Deliveries, int HighestLayer, DateTimeOffset? FirstDelivered, DateTimeOffset? FirstRead);

    private static async Task<List<MessageRow>> MessageRowsAsync(EscalationDbContext db, ExportFilter filter, CancellationToken cancellationToken)
    {
        var messages = await ScopedMessages(db, filter).OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken);
        var ids = messages.Select(m => m.Id).ToList();
        var deliveries = new List<Delivery>();
        foreach (var chunk in ids.Chunk(500))
        {
            deliveries.AddRange(await db.Deliveries.AsNoTracking().Where(d => chunk.Contains(d.MessageId)).ToListAsync(cancellationToken));
        }

        var byMessage = deliveries.GroupBy(d => d.MessageId).ToDictionary(g => g.Key, g => g.ToList());
        return messages.Select(m =>
        {
            var its = byMessage.GetValueOrDefault(m.Id) ?? [];
            return new MessageRow(m, its, Math.Max(m.CurrentLayer, its.Count == 0 ? 0 : its.Max(d => d.Layer)),
                its.Count == 0 ? null : its.Min(d => d.DeliveredAt), its.Where(d => d.ReadAt != null).Select(d => d.ReadAt).Min());
        }).ToList();
    }

    private static string Outcome(Message message) => message.State switch
    {
        MessageState.Closed => $"Closed: {message.Outcome}",
        MessageState.Acknowledged => "Acknowledged",
        _ => message.IsExhausted ? "Open: exhausted, re-paging" : "Open",
    };

    private static async Task MessagesAsync(
        EscalationDbContext db, XlsxWorkbook workbook, ExportContext context, List<(string, long)> sheets, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var sheet = workbook.AddSheet("Messages",
        [
            new("Message", XlsxType.Text, 38), new("Tier", XlsxType.Text, 9), new("Source", XlsxType.Text, 16), new("Unit", XlsxType.Text, 8),
            new("Subject", XlsxType.Text, 36), new("Created (UTC)", XlsxType.DateTime, 20), new("First delivered (UTC)", XlsxType.DateTime, 20),
            new("First read (UTC)", XlsxType.DateTime, 20), new("Acknowledged (UTC)", XlsxType.DateTime, 20), new("Acknowledged by", XlsxType.Text, 24),
            new("On behalf", XlsxType.Text, 10), new("Time to ACK (s)", XlsxType.Integer, 15), new("Highest layer", XlsxType.Integer, 13),
            new("Outcome", XlsxType.Text, 28), new("Drill", XlsxType.Text, 7),
        ]);
        foreach (var row in await MessageRowsAsync(db, context.Filter, cancellationToken))
        {
            var m = row.Message;
            sheet.WriteRow(m.Id.Value.ToString(), m.Tier.ToString(), m.Source.ToString(), context.Units.GetValueOrDefault(m.UnitId.Value, "?"), m.Subject, m.CreatedAt,
                row.FirstDelivered, row.FirstRead, m.AcknowledgedAt, m.AcknowledgedBy is { } by ? context.Names.GetValueOrDefault(by, by) : null,
                m.AcknowledgedAt is null ? null : m.AcknowledgedOnBehalf, m.AcknowledgedAt is { } ack ? (long)Math.Round((ack - m.CreatedAt).TotalSeconds) : null,
                row.HighestLayer, Outcome(m), m.IsDrill);
        }

        progress?.Report(sheet.Rows);
        sheets.Add(("Messages", sheet.Rows));
    }

    private static async Task ExceptionsAsync(EscalationDbContext db, XlsxWorkbook workbook, ExportContext context, List<(string, long)> sheets, CancellationToken cancellationToken)
    {
        // Clinical patterns: drills are kept in the audit and the Messages workbook, not here.
        var rows = (await MessageRowsAsync(db, context.Filter, cancellationToken)).Where(r => !r.Message.IsDrill && !r.Message.IsBroadcast).ToList();
        var escalated = rows.Where(r => r.HighestLayer > 2).ToList();
        DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, context.Zone).DateTime;
        static double? Share(int part, int whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);

        var past = workbook.AddSheet("Escalated past layer 2",
        [
            new("Message", XlsxType.Text, 38), new("Created (UTC)", XlsxType.DateTime, 20), new("Local hour", XlsxType.Integer, 10), new("After hours", XlsxType.Text, 11),
            new("Tier", XlsxType.Text, 9), new("Source", XlsxType.Text, 16), new("Unit", XlsxType.Text, 8), new("Subject", XlsxType.Text, 36),
            new("Highest layer", XlsxType.Integer, 13), new("Acknowledged by", XlsxType.Text, 24), new("Time to ACK (s)", XlsxType.Integer, 15), new("Outcome", XlsxType.Text, 28),
        ]);
        foreach (var row in escalated)
        {
            var m = row.Message;
            var local = Local(m.CreatedAt);
            past.WriteRow(m.Id.Value.ToString(), m.CreatedAt, local.Hour, IsAfterHours(local), m.Tier.ToString(), m.Source.ToString(), context.Units.GetValueOrDefault(m.UnitId.Value, "?"),
                m.Subject, row.HighestLayer, m.AcknowledgedBy is { } by ? context.Names.GetValueOrDefault(by, by) : null,
                m.AcknowledgedAt is { } ack ? (long)Math.Round((ack - m.CreatedAt).TotalSeconds) : null, Outcome(m));
        }

        sheets.Add(("Escalated past layer 2", past.Rows));

        var hours = workbook.AddSheet("By hour of day",
        [
            new("Local hour", XlsxType.Integer, 11), new("Messages", XlsxType.Integer, 11), new("Escalated past layer 2", XlsxType.Integer, 22), new("Share escalated (%)", XlsxType.Decimal, 19),
        ]);
        for (var hour = 0; hour < 24; hour++)
        {
            var all = rows.Count(r => Local(r.Message.CreatedAt).Hour == hour);
            var bad = escalated.Count(r => Local(r.Message.CreatedAt).Hour == hour);
            hours.WriteRow(hour, all, bad, Share(bad, all));
        }

        sheets.Add(("By hour of day", hours.Rows));

        var afterHours = workbook.AddSheet("After hours",
        [
            new("Period", XlsxType.Text, 44), new("Messages", XlsxType.Integer, 11), new("Escalated past layer 2", XlsxType.Integer, 22), new("Share escalated (%)", XlsxType.Decimal, 19),
        ]);
        foreach (var (label, after) in new[] { ("In hours (weekdays 07:00-19:00 local)", false), ("After hours (19:00-07:00 local and weekends)", true) })
        {
            var all = rows.Count(r => IsAfterHours(Local(r.Message.CreatedAt)) == after);
            var bad = escalated.Count(r => IsAfterHours(Local(r.Message.CreatedAt)) == after);
            afterHours.WriteRow(label, all, bad, Share(bad, all));
        }

        sheets.Add(("After hours", afterHours.Rows));

        // A recipient "did not acknowledge" a layer when their page timed out: the message went on to a later layer
        // (or exhausted) and neither they nor anyone at their layer acknowledged it in time.
        var deliveries = rows.SelectMany(r => r.Deliveries).Where(d => d.Layer > 0 && d.Page == 0).ToList();
        var highest = rows.ToDictionary(r => r.Message.Id, r => r);
        var recipients = workbook.AddSheet("Not acknowledged by",
        [
            new("Person", XlsxType.Text, 26), new("Person id", XlsxType.Text, 22), new("Pages received", XlsxType.Integer, 15), new("Timed out unacknowledged", XlsxType.Integer, 24),
            new("Read, not acknowledged", XlsxType.Integer, 22), new("Share timed out (%)", XlsxType.Decimal, 19),
        ]);
        var perPerson = deliveries.GroupBy(d => d.RecipientId).Select(g =>
        {
            var pages = g.DistinctBy(d => (d.MessageId, d.Layer)).ToList();
            var missed = pages.Where(d => d.AcknowledgedAt is null && (highest[d.MessageId].HighestLayer > d.Layer || highest[d.MessageId].Message.IsExhausted)).ToList();
            var readOnly = missed.Count(d => g.Any(x => x.MessageId == d.MessageId && x.Layer == d.Layer && x.ReadAt != null));
            return (Id: g.Key, Pages: pages.Count, Missed: missed.Count, ReadOnly: readOnly);
        }).Where(p => p.Missed > 0).OrderByDescending(p => p.Missed).ThenBy(p => p.Id, StringComparer.Ordinal);
        foreach (var person in perPerson)
        {
            recipients.WriteRow(context.Names.GetValueOrDefault(person.Id, person.Id), person.Id, person.Pages, person.Missed, person.ReadOnly, Share(person.Missed, person.Pages));
        }

        sheets.Add(("Not acknowledged by", recipients.Rows));

        var sources = workbook.AddSheet("By source and type",
        [
            new("Source", XlsxType.Text, 18), new("Tier", XlsxType.Text, 9), new("Messages", XlsxType.Integer, 11), new("Escalated past layer 2", XlsxType.Integer, 22),
            new("Layer-4 activations", XlsxType.Integer, 19), new("Share escalated (%)", XlsxType.Decimal, 19),
        ]);
        foreach (var group in rows.GroupBy(r => (r.Message.Source, r.Message.Tier)).OrderBy(g => g.Key.Source).ThenBy(g => g.Key.Tier))
        {
            var bad = group.Count(r => r.HighestLayer > 2);
            sources.WriteRow(group.Key.Source.ToString(), group.Key.Tier.ToString(), group.Count(), bad, group.Count(r => r.HighestLayer >= NearMissReview.Layer), Share(bad, group.Count()));
        }

        sheets.Add(("By source and type", sources.Rows));
    }

    private async Task OnCallAsync(XlsxWorkbook workbook, List<(string, long)> sheets, CancellationToken cancellationToken)
    {
        var sheet = workbook.AddSheet("On-call assignments",
        [
            new("Unit", XlsxType.Text, 8), new("Role", XlsxType.Text, 20), new("Person", XlsxType.Text, 24), new("Email", XlsxType.Text, 28),
            new("Starts (UTC)", XlsxType.DateTime, 20), new("Ends (UTC)", XlsxType.DateTime, 20), new("Backup", XlsxType.Text, 8), new("Source kind", XlsxType.Text, 12),
            new("Source", XlsxType.Text, 28), new("Source changed (UTC)", XlsxType.DateTime, 20), new("Applied (UTC)", XlsxType.DateTime, 20), new("Applied within 30 min", XlsxType.Text, 20),
        ]);
        foreach (var row in await roster.AssignmentsAsync(30, cancellationToken: cancellationToken))
        {
            sheet.WriteRow(row.UnitCode, row.Role, row.Person, row.Email, row.StartsAt, row.EndsAt, row.IsBackup, row.SourceKind, row.Source, row.SourceChangedAt, row.AppliedAt,
                row.AppliedWithin30Minutes);
        }

        sheets.Add(("On-call assignments", sheet.Rows));
    }
}
