using System.Text;
using Escalation.Domain.Common;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Identity;
using Escalation.Infrastructure.Roster;
using Escalation.Infrastructure.RosterSync;
using Escalation.Infrastructure.RosterSync.Parsing;

namespace Escalation.Web.Endpoints;

public sealed record SourceRequest(
    string? Name, Guid? DefaultUnitId, string? Format, string? Transport, [Text(2_000)] string? Location, int? PullIntervalMinutes, int? StaleAfterMinutes,
    TimeOnly? DayGridHandoff, bool? IsEnabled, ScheduleMappingsRequest? Mappings);

public sealed record ScheduleMappingsRequest(Dictionary<string, Guid>? Roles, Dictionary<string, string>? People, Dictionary<string, string>? Units);

public sealed record RotationPeopleRequest(IReadOnlyList<string>? Participants);

public sealed record RoleRequest(string? Name, string? Kind);

public sealed record PhoneRequest(string? Phone, bool? Verified);

/// <summary>
/// The duty roster over HTTP. Charge nurses, administrators and compliance read it; administrators change it;
/// an integration key may also push a schedule file to a source, as a scheduling system's export job would.
/// </summary>
internal static class RosterEndpoints
{
    public static void MapRosterEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/roster").WithTags("Roster").RequireAuthorization(ApiPolicies.Board);
        // A charge nurse reads her own unit's roster; administrators and compliance read every unit's (MessageAccess.UnitScope).
        read.MapGet("units/{unitId:guid}", async (Guid unitId, int? days, ClaimsPrincipal user, MessageAccess access, RosterViews views, CancellationToken ct) =>
            !await MayReadUnitAsync(user, access, unitId, ct) ? OtherUnit()
            : await views.UnitAsync(unitId, Math.Clamp(days ?? 7, 1, 31), ct) is { } view ? Results.Ok(view) : ApiProblems.NotFound("unit"));
        read.MapGet("who", WhoAsync);
        read.MapGet("gaps", async (ClaimsPrincipal user, MessageAccess access, RosterViews views, CancellationToken ct) =>
            (await views.GapsAsync(ct)).For(await UnitsAsync(user, access, ct)));
        read.MapGet("sources", async (ClaimsPrincipal user, MessageAccess access, RosterViews views, CancellationToken ct) =>
            await views.SourcesAsync(await UnitsAsync(user, access, ct), ct));
        read.MapGet("sources/{id:guid}/imports", async (Guid id, ClaimsPrincipal user, MessageAccess access, RosterViews views, CancellationToken ct) =>
            (await views.SourcesAsync(await UnitsAsync(user, access, ct), ct)).Any(s => s.Id == id) ? Results.Ok(await views.ImportsAsync(id, 50, ct)) : ApiProblems.NotFound("schedule source"));
        read.MapGet("export.csv", async (int? days, ClaimsPrincipal user, MessageAccess access, RosterViews views, CancellationToken ct) =>
        {
            var csv = await views.ExportCsvAsync(Math.Clamp(days ?? 30, 1, 366), await UnitsAsync(user, access, ct), ct);
            return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "roster-assignments.csv");
        });

        var admin = app.MapGroup("/api/roster").WithTags("Roster").RequireAuthorization(ApiPolicies.Admin);
        admin.MapPost("overrides", (OverrideRequest request, ClaimsPrincipal user, RosterAdministration roster, CancellationToken ct) =>
            Run(async () => Results.Created((string?)null, new { id = await roster.AddOverrideAsync(request, MessageEndpoints.Actor(user), ct) })));
        admin.MapDelete("overrides/{id:guid}", (Guid id, ClaimsPrincipal user, RosterAdministration roster, CancellationToken ct) =>
            Run(async () => await roster.CancelOverrideAsync(id, MessageEndpoints.Actor(user), ct) ? Results.NoContent() : ApiProblems.NotFound("override")));
        admin.MapPost("rotations", (RotationRequest request, ClaimsPrincipal user, RosterAdministration roster, CancellationToken ct) =>
            Run(async () => Results.Created((string?)null, new { id = await roster.CreateRotationAsync(request, MessageEndpoints.Actor(user), ct) })));
        admin.MapPut("rotations/{id:guid}/people", (Guid id, RotationPeopleRequest request, ClaimsPrincipal user, RosterAdministration roster, CancellationToken ct) =>
            Run(async () => await roster.ChangeRotationPeopleAsync(id, request.Participants ?? [], MessageEndpoints.Actor(user), ct) is { } successor
                ? Results.Ok(new { id = successor }) : ApiProblems.NotFound("rotation")));
        admin.MapDelete("rotations/{id:guid}", (Guid id, ClaimsPrincipal user, RosterAdministration roster, CancellationToken ct) =>
            Run(async () => await roster.EndRotationAsync(id, MessageEndpoints.Actor(user), ct) ? Results.NoContent() : ApiProblems.NotFound("rotation")));
        admin.MapPost("backups", (BackupRequest request, ClaimsPrincipal user, RosterAdministration roster, CancellationToken ct) =>
            Run(async () => Results.Created((string?)null, new { id = await roster.AddBackupAsync(request, MessageEndpoints.Actor(user), ct) })));
        admin.MapPost("shifts", (ShiftRequest request, ClaimsPrincipal user, RosterAdministration roster, CancellationToken ct) =>
            Run(async () => Results.Created((string?)null, new { id = await roster.AddShiftAsync(request, MessageEndpoints.Actor(user), ct) })));
        admin.MapPost("sources", SaveSourceAsync);
        admin.MapPost("units/{unitId:guid}/roles", AddRoleAsync);
        admin.MapPut("people/{userId}/phone", SetPhoneAsync);
        admin.MapPut("sources/{id:guid}", SaveSourceAsync);
        admin.MapPost("sources/{id:guid}/pull", async (Guid id, RosterSync sync, CancellationToken ct) =>
            await sync.PullAsync(id, ct) is { } report ? Results.Ok(report) : ApiProblems.NotFound("pulled source"));

        app.MapPost("/api/roster/sources/{id:guid}/import", ImportAsync).WithTags("Roster").RequireAuthorization(ApiPolicies.RosterImport);
    }

    /// <summary>
    /// "Who holds role R in unit U at t" (t defaults to now), primary then backup, and when that changes next: the
    /// same answer the engine gets when a layer starts at t.
    /// </summary>
    private static async Task<IResult> WhoAsync(Guid unitId, Guid roleId, DateTimeOffset? at, ClaimsPrincipal user, MessageAccess access, RosterViews views, CancellationToken ct)
    {
        if (!await MayReadUnitAsync(user, access, unitId, ct))
        {
            return OtherUnit();
        }

        var answer = await views.WhoAsync(unitId, roleId, at, ct);
        return answer is null ? ApiProblems.NotFound("unit or role") : Results.Ok(answer);
    }

    private static async Task<bool> MayReadUnitAsync(ClaimsPrincipal user, MessageAccess access, Guid unitId, CancellationToken ct) =>
        MessageAccess.MayReadUnit(await MessageEndpoints.CallerAsync(user, access, ct), new UnitId(unitId));

    /// <summary>The units the caller reads the roster of; null for every unit.</summary>
    private static async Task<IReadOnlyCollection<Guid>?> UnitsAsync(ClaimsPrincipal user, MessageAccess access, CancellationToken ct) =>
        MessageAccess.UnitScope(await MessageEndpoints.CallerAsync(user, access, ct))?.Select(u => u.Value).ToList();

    private static IResult OtherUnit() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "A charge nurse reads the roster of their own unit.");

    /// <summary>Adds a clinical role to a unit (a rapid-response nurse, a pharmacist on call): ladders reach it as kind Other unless a kind is given.</summary>
    private static async Task<IResult> AddRoleAsync(Guid unitId, RoleRequest request, ClaimsPrincipal user, RosterAdministration roster, CancellationToken ct)
    {
        if (!EnumNames.TryParse<ClinicalRoleKind>(request.Kind ?? nameof(ClinicalRoleKind.Other), out var kind))
        {
            return EnumNames.Invalid<ClinicalRoleKind>("kind");
        }

        try
        {
            return await roster.AddRoleAsync(unitId, kind, request.Name ?? string.Empty, MessageEndpoints.Actor(user), ct) is { } role
                ? Results.Created((string?)null, new { id = role.Id.Value, role.Name, kind = role.Kind.ToString() })
                : ApiProblems.NotFound("unit");
        }
        catch (DomainException exception)
        {
            return ApiProblems.Invalid(exception);
        }
    }

    /// <summary>Sets a person's phone for SMS and voice, and whether it is verified (<see cref="UserAdministration.SetPhoneAsync"/>).</summary>
    private static async Task<IResult> SetPhoneAsync(string userId, PhoneRequest request, ClaimsPrincipal user, UserAdministration people, CancellationToken ct)
    {
        var outcome = await people.SetPhoneAsync(userId, request.Phone, request.Verified == true, MessageEndpoints.Actor(user), ct);
        return outcome.Succeeded ? Results.NoContent()
            : outcome.Code == "not-found" ? ApiProblems.NotFound("person")
            : ApiProblems.Invalid("phone", outcome.Error!);
    }

    /// <summary>The file is the raw request body (text/csv, text/calendar, ...); <c>?fileName=</c> names it in the report and the audit.</summary>
    private static async Task<IResult> ImportAsync(Guid id, string? fileName, HttpRequest request, ClaimsPrincipal user, ScheduleImporter importer,
        ScheduleSourceAdministration sources, CancellationToken ct)
    {
        // A key pushes only to the schedule sources it is bound to (docs/decisions/019). An unknown source stays 404,
        // as it is for an administrator; one that exists but is not this key's is 403, and nothing is read or changed.
        if (!user.MayFeed(Infrastructure.Integrations.FeedKind.ScheduleSource, id))
        {
            return await sources.ExistsAsync(id, ct)
                ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This integration key is not bound to that schedule source: an administrator binds it on the keys page.",
                    extensions: new Dictionary<string, object?> { ["code"] = "not-bound" })
                : ApiProblems.NotFound("schedule source");
        }

        // The name is stored with the import and shown on the roster page: the same rules as any text field.
        if (fileName is not null && TextRules.Problem(fileName) is { } badName)
        {
            return ApiProblems.Invalid("fileName", $"fileName {badName}");
        }

        // Kept up to the limit; the rest is read and dropped, so the client hears the 413 instead of a reset connection.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length <= ScheduleImporter.MaxBytes)
            {
                buffer.Write(chunk, 0, read);
            }
        }

        if (buffer.Length > ScheduleImporter.MaxBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"Schedule files are at most {ScheduleImporter.MaxBytes / 1024 / 1024} MB.");
        }

        try
        {
            var report = await importer.ImportAsync(id, buffer.ToArray(), fileName, null, MessageEndpoints.Actor(user), ct);
            return report.Succeeded
                ? Results.Ok(report)
                : Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The schedule was not imported: nothing changed",
                    detail: string.Join("\n", report.Errors.Select(ScheduleImporter.Format)),
                    extensions: new Dictionary<string, object?> { ["code"] = "import-rejected", ["errors"] = report.Errors });
        }
        catch (EngineException exception) when (exception.Code == "unknown-source")
        {
            return ApiProblems.NotFound("schedule source");
        }
    }

    private static async Task<IResult> SaveSourceAsync(Guid? id, SourceRequest request, ClaimsPrincipal user, ScheduleSourceAdministration sources, CancellationToken ct)
    {
        ScheduleFormat? format = null;
        if (request.Format is not null)
        {
            if (!EnumNames.TryParse<ScheduleFormat>(request.Format, out var parsed))
            {
                return EnumNames.Invalid<ScheduleFormat>("format");
            }

            format = parsed;
        }

        if (!EnumNames.TryParseOptional<ScheduleTransport>(request.Transport, "transport", out var transport, out var problem))
        {
            return problem!;
        }

        var mappings = request.Mappings is { } m ? new ScheduleMappings(m.Roles ?? [], m.People ?? [], m.Units ?? []) : null;
        var change = new ScheduleSourceChange(request.Name, request.DefaultUnitId, format, transport, request.Location,
            request.PullIntervalMinutes, request.StaleAfterMinutes, request.DayGridHandoff, request.IsEnabled, mappings);
        var saved = await sources.SaveAsync(id, change, MessageEndpoints.Actor(user), ct);
        return saved.Id is not { } sourceId
            ? saved.Outcome.Code == "not-found" ? ApiProblems.NotFound("schedule source") : ApiProblems.Invalid(saved.Outcome.Code!, saved.Outcome.Error!)
            : id is null ? Results.Created($"/api/roster/sources/{sourceId}", new { id = sourceId }) : Results.Ok(new { id = sourceId });
    }

    private static async Task<IResult> Run(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (DomainException exception)
        {
            return ApiProblems.Invalid(exception);
        }
        catch (EngineException exception)
        {
            return ApiProblems.From(exception);
        }
    }
}
