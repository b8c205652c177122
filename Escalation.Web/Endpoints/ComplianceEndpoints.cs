using Escalation.Infrastructure.Compliance;
using Escalation.Infrastructure.Compliance.Exports;

namespace Escalation.Web.Endpoints;

/// <summary>The compliance workbooks over HTTP: exports by filter, the files the page made, and stored weekly reports.</summary>
internal static class ComplianceEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapComplianceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/compliance").WithTags("Compliance").RequireAuthorization(ApiPolicies.Compliance);
        group.MapGet("exports/{kind}", ExportAsync);
        // Kept in the database, so the link the page made on one node works on any other.
        group.MapGet("files/{token:guid}", async (Guid token, ClaimsPrincipal user, ExportDownloads downloads, CancellationToken ct) =>
            await downloads.FetchAsync(token, MessageEndpoints.Actor(user), ct) is { } file
                ? Results.File(file.Content, Xlsx, file.FileName)
                : ApiProblems.NotFound("export file"));
        group.MapGet("reports", (ComplianceRecords records, CancellationToken ct) => records.StoredReportsAsync(100, ct));
        group.MapGet("reports/{id:guid}", async (Guid id, ComplianceRecords records, CancellationToken ct) =>
            await records.StoredReportFileAsync(id, ct) is { } report ? Results.File(report.Content, Xlsx, report.FileName) : ApiProblems.NotFound("report"));
    }

    /// <summary>A workbook as the URL spells it (<c>audit-log</c>, <c>on-call</c>): an <see cref="ExportKind"/> name with dashes.</summary>
    public static bool TryParseKind(string text, out ExportKind kind) =>
        EnumNames.TryParse(text.Replace("-", string.Empty, StringComparison.Ordinal), out kind);

    private static async Task<IResult> ExportAsync(
        string kind, DateTimeOffset? from, DateTimeOffset? to, Guid? unitId, string? tier, ClaimsPrincipal user, ComplianceExports exports, TimeProvider clock, CancellationToken ct)
    {
        if (!TryParseKind(kind, out var exportKind))
        {
            return ApiProblems.Invalid("kind", "kind is one of audit-log, messages, exceptions, on-call.");
        }

        var end = to ?? clock.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        if (start >= end)
        {
            return ApiProblems.Invalid("from", "from is before to.");
        }

        if (!EnumNames.TryParseOptional<Tier>(tier, "tier", out var wanted, out var problem))
        {
            return problem!;
        }

        // The writer is synchronous (OpenXmlWriter) and ASP.NET forbids synchronous writes to the response: write a
        // temporary file that deletes itself once sent.
        var path = Path.Combine(Path.GetTempPath(), $"escalation-export-{Guid.NewGuid():N}.xlsx");
        var filter = new ExportFilter(start, end, unitId, wanted);
        ExportResult result;
        await using (var file = File.Create(path))
        {
            result = await exports.WriteAsync(exportKind, filter, MessageEndpoints.Actor(user), file, cancellationToken: ct);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        return Results.File(stream, Xlsx, result.FileName);
    }
}
