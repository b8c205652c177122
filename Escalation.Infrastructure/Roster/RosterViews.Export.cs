using System.Globalization;
using CsvHelper;
using Escalation.Domain.Roster;
using Escalation.Infrastructure.RosterSync;

namespace Escalation.Infrastructure.Roster;

public sealed record AssignmentExportRow(
    string UnitCode, string Role, string Person, string? Email, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool IsBackup, string SourceKind, string Source,
    DateTimeOffset? SourceChangedAt, DateTimeOffset? AppliedAt, bool? AppliedWithin30Minutes);

/// <summary>The 30-day assignment export: CSV for the API, rows for the compliance workbook.</summary>
public sealed partial class RosterViews
{
    /// <summary>
    /// CSV of every assignment over [now - days, now): unit, role, person, when, where it came from, and for an
    /// imported shift when the source changed, when we applied it and whether that was within 30 minutes.
    /// </summary>
    public async Task<string> ExportCsvAsync(int days = 30, IReadOnlyCollection<Guid>? units = null, CancellationToken cancellationToken = default)
    {
        var rows = await AssignmentsAsync(days, units, cancellationToken);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, ExportOptions, leaveOpen: true))
        {
            csv.WriteRecord(["Unit", "Role", "Person", "Email", "Starts (UTC)", "Ends (UTC)", "Backup", "Source kind", "Source", "Source changed (UTC)", "Applied (UTC)", "Applied within 30 min"]);
            foreach (var row in rows)
            {
                csv.WriteRecord([row.UnitCode, row.Role, row.Person, row.Email ?? string.Empty, Iso(row.StartsAt), Iso(row.EndsAt), row.IsBackup ? "yes" : "no", row.SourceKind,
                    row.Source, Iso(row.SourceChangedAt), Iso(row.AppliedAt), row.AppliedWithin30Minutes is { } timely ? (timely ? "yes" : "no") : string.Empty]);
            }
        }

        return text.ToString();
    }

    /// <summary>Every assignment over [now - days, now), for the CSV and the compliance workbook.</summary>
    public async Task<IReadOnlyList<AssignmentExportRow>> AssignmentsAsync(int days = 30, IReadOnlyCollection<Guid>? units = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var from = now.AddDays(-days);
        var names = await NamesAsync(db, cancellationToken);
        var labels = await SourceLabelsAsync(db, cancellationToken);
        var imports = await db.ScheduleImports.AsNoTracking().ToDictionaryAsync(i => i.Id, cancellationToken);
        var importOf = await db.RoleAssignments.AsNoTracking().Where(a => a.ImportId != null && a.StartsAt < now && (a.EndsAt == null || a.EndsAt > from))
            .Select(a => new { a.Id, a.ImportId, a.RoleId, a.UserId, a.SourceId }).ToListAsync(cancellationToken);
        var query = db.Units.AsNoTracking().Include(u => u.Roles).AsQueryable();
        if (units is not null)
        {
            var wanted = units.Select(u => new UnitId(u)).ToList();
            query = query.Where(u => wanted.Contains(u.Id));
        }

        var chosen = await query.OrderBy(u => u.Code).ToListAsync(cancellationToken);

        var rows = new List<AssignmentExportRow>();
        foreach (var unit in chosen)
        {
            var roster = await UnitRoster.LoadAsync(db, unit, from, now, cancellationToken);
            foreach (var role in unit.Roles.OrderBy(r => r.Kind).ThenBy(r => r.Name))
            {
                foreach (var segment in roster.Timeline(role.Id, from, now))
                {
                    foreach (var (holder, backup) in segment.Holders.Primary.Select(h => (h, false)).Concat(segment.Holders.Backup.Select(h => (h, true))))
                    {
                        ScheduleImport? import = null;
                        if (holder.Source == HolderSource.Import)
                        {
                            var shift = importOf.FirstOrDefault(a => a.RoleId == role.Id && a.UserId == holder.UserId && a.SourceId == holder.SourceId);
                            import = shift?.ImportId is { } importId ? imports.GetValueOrDefault(importId) : null;
                        }

                        var (name, email) = names.GetValueOrDefault(holder.UserId, (holder.UserId, null));
                        rows.Add(new AssignmentExportRow(unit.Code, role.Name, name, email, segment.StartsAt, segment.EndsAt, backup, holder.Source.ToString(),
                            Label(holder, labels), import?.SourceChangedAt, import?.At, import?.Lag is { } lag ? lag <= TimelyWithin : null));
                    }
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// RFC 4180 quoting, and names a spreadsheet would run as a formula (a person called "=HYPERLINK(...)") are written
    /// as text: the export is opened in Excel by compliance staff.
    /// </summary>
    private static readonly CsvWriterOptions ExportOptions = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    private static string Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;
}
