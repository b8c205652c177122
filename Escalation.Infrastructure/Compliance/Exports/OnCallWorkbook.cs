using Escalation.Infrastructure.Roster;

namespace Escalation.Infrastructure.Compliance.Exports;

/// <summary>The on-call workbook: 30 days of assignments, the same rows as the roster's CSV export.</summary>
internal static class OnCallWorkbook
{
    public static async Task WriteAsync(RosterViews roster, XlsxWorkbook workbook, List<(string, long)> sheets, CancellationToken cancellationToken)
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
