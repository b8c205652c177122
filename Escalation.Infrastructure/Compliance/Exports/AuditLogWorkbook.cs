using Escalation.Domain.Audit;

namespace Escalation.Infrastructure.Compliance.Exports;

/// <summary>The audit log workbook: every entry of the period (and filter) with its chain verdict.</summary>
internal static class AuditLogWorkbook
{
    /// <summary>Walks the whole chain so that every row carries its real verdict, writes the rows the filter keeps, and returns the verdict.</summary>
    public static async Task<AuditVerification> WriteAsync(
        EscalationDbContext db, XlsxWorkbook workbook, ExportContext context, List<(string, long)> sheets, AuditCheckpointSigner signer,
        IProgress<long>? progress, CancellationToken cancellationToken)
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
}
