namespace Escalation.Infrastructure.Compliance.Exports;

/// <summary>The exception report: messages escalated past layer 2, by hour, in and after hours, who did not acknowledge, and by source and tier.</summary>
internal static class ExceptionsWorkbook
{
    public static async Task WriteAsync(EscalationDbContext db, XlsxWorkbook workbook, ExportContext context, List<(string, long)> sheets, CancellationToken cancellationToken)
    {
        // Clinical patterns: drills are kept in the audit and the Messages workbook, not here.
        var rows = (await MessageRows.LoadAsync(db, context.Filter, cancellationToken)).Where(r => !r.Message.IsDrill && !r.Message.IsBroadcast).ToList();
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
            past.WriteRow(m.Id.Value.ToString(), m.CreatedAt, local.Hour, ComplianceExports.IsAfterHours(local), m.Tier.ToString(), m.Source.ToString(), context.Units.GetValueOrDefault(m.UnitId.Value, "?"),
                m.Subject, row.HighestLayer, m.AcknowledgedBy is { } by ? context.Names.GetValueOrDefault(by, by) : null,
                m.AcknowledgedAt is { } ack ? (long)Math.Round((ack - m.CreatedAt).TotalSeconds) : null, MessageRows.Outcome(m));
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
            var all = rows.Count(r => ComplianceExports.IsAfterHours(Local(r.Message.CreatedAt)) == after);
            var bad = escalated.Count(r => ComplianceExports.IsAfterHours(Local(r.Message.CreatedAt)) == after);
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
}
