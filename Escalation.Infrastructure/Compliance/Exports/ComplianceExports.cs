using Escalation.Domain.Audit;
using Escalation.Domain.Messages;
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
/// assignments, one class each (<see cref="AuditLogWorkbook"/>, <see cref="MessagesWorkbook"/>,
/// <see cref="ExceptionsWorkbook"/>, <see cref="OnCallWorkbook"/>). Each streams to the caller's stream, opens with
/// a cover sheet (filters, who and when, the audit chain's verdict), and is itself audited: who exported what, with
/// which filters and how many rows.
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
        var context = await ExportContext.LoadAsync(db, filter, actor, cancellationToken);
        var sheets = new List<(string Sheet, long Rows)>();
        AuditVerification chain;
        using (var workbook = new XlsxWorkbook(output))
        {
            chain = kind switch
            {
                ExportKind.AuditLog => await AuditLogWorkbook.WriteAsync(db, workbook, context, sheets, signer, progress, cancellationToken),
                _ => AuditWriter.Verify(db, signer: signer),
            };
            switch (kind)
            {
                case ExportKind.Messages:
                    await MessagesWorkbook.WriteAsync(db, workbook, context, sheets, progress, cancellationToken);
                    break;
                case ExportKind.Exceptions:
                    await ExceptionsWorkbook.WriteAsync(db, workbook, context, sheets, cancellationToken);
                    break;
                case ExportKind.OnCall:
                    await OnCallWorkbook.WriteAsync(roster, workbook, sheets, cancellationToken);
                    break;
            }

            Cover(workbook, kind, context, generatedAt, chain, sheets);
        }

        var rows = sheets.Sum(s => s.Rows);
        await AuditWriter.SaveAsync(db, [new AuditRecord(clock.GetUtcNow(), actor, ExportedKind, Detail:
            $"{Title(kind)} workbook; {context.FilterText}; {rows} rows; chain {(chain.IsIntact ? "intact" : $"broken at entry {chain.FirstBadSequence}")}")], cancellationToken);

        return new ExportResult(kind, rows, chain, FileNameFor(kind, filter));
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
}
