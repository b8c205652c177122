namespace Escalation.Infrastructure.Compliance.Exports;

/// <summary>The Messages workbook: one row per message of the period, with its times, acknowledgment and outcome.</summary>
internal static class MessagesWorkbook
{
    public static async Task WriteAsync(
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
        foreach (var row in await MessageRows.LoadAsync(db, context.Filter, cancellationToken))
        {
            var m = row.Message;
            sheet.WriteRow(m.Id.Value.ToString(), m.Tier.ToString(), m.Source.ToString(), context.Units.GetValueOrDefault(m.UnitId.Value, "?"), m.Subject, m.CreatedAt,
                row.FirstDelivered, row.FirstRead, m.AcknowledgedAt, m.AcknowledgedBy is { } by ? context.Names.GetValueOrDefault(by, by) : null,
                m.AcknowledgedAt is null ? null : m.AcknowledgedOnBehalf, m.AcknowledgedAt is { } ack ? (long)Math.Round((ack - m.CreatedAt).TotalSeconds) : null,
                row.HighestLayer, MessageRows.Outcome(m), m.IsDrill);
        }

        progress?.Report(sheet.Rows);
        sheets.Add(("Messages", sheet.Rows));
    }
}
