using System.Security.Claims;
using System.Text;
using Escalation.Domain.Common;
using Escalation.Domain.Roster;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Notices;
using Escalation.Infrastructure.Persistence;
using Escalation.Infrastructure.Roster;
using Escalation.Infrastructure.RosterSync;
using Escalation.Infrastructure.RosterSync.Parsing;
using Escalation.Web.Security;
using Microsoft.EntityFrameworkCore;

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

        var notices = app.MapGroup("/api/notices").WithTags("Notices").RequireAuthorization(ApiPolicies.People);
        notices.MapGet("", (ClaimsPrincipal user, NoticeBoard board, CancellationToken ct) => board.ForAsync(MessageEndpoints.Actor(user), 50, ct));
        notices.MapPost("{id:guid}/read", async (Guid id, ClaimsPrincipal user, NoticeBoard board, CancellationToken ct) =>
            await board.MarkReadAsync(MessageEndpoints.Actor(user), id, ct) ? Results.NoContent() : ApiProblems.NotFound("notice"));
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
        MessageAccess.MayReadUnit(await MessageEndpoints.CallerAsync(user, access, ct), new Domain.Organisation.UnitId(unitId));

    /// <summary>The units the caller reads the roster of; null for every unit.</summary>
    private static async Task<IReadOnlyCollection<Guid>?> UnitsAsync(ClaimsPrincipal user, MessageAccess access, CancellationToken ct) =>
        MessageAccess.UnitScope(await MessageEndpoints.CallerAsync(user, access, ct))?.Select(u => u.Value).ToList();

    private static IResult OtherUnit() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "A charge nurse reads the roster of their own unit.");

    /// <summary>Adds a clinical role to a unit (a rapid-response nurse, a pharmacist on call): ladders reach it as kind Other unless a kind is given.</summary>
    private static async Task<IResult> AddRoleAsync(
        Guid unitId, RoleRequest request, ClaimsPrincipal user, IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock, CancellationToken ct)
    {
        if (!Enum.TryParse<Domain.Organisation.ClinicalRoleKind>(request.Kind ?? nameof(Domain.Organisation.ClinicalRoleKind.Other), true, out var kind) || !Enum.IsDefined(kind))
        {
            return ApiProblems.Invalid("kind", $"Kind is one of {string.Join(", ", Enum.GetNames<Domain.Organisation.ClinicalRoleKind>())}.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var unit = await db.Units.Include(u => u.Roles).SingleOrDefaultAsync(u => u.Id == new Domain.Organisation.UnitId(unitId), ct);
        if (unit is null)
        {
            return ApiProblems.NotFound("unit");
        }

        try
        {
            var role = unit.AddRole(kind, request.Name ?? string.Empty);
            var now = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            Infrastructure.Audit.AuditWriter.Append(db, [new(now, MessageEndpoints.Actor(user), "ClinicalRoleAdded", Detail: $"{unit.Code}: '{role.Name}' ({role.Kind})")]);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Results.Created((string?)null, new { id = role.Id.Value, role.Name, kind = role.Kind.ToString() });
        }
        catch (DomainException exception)
        {
            return ApiProblems.Invalid(exception);
        }
    }

    /// <summary>
    /// Sets a person's phone for SMS and voice, and whether it is verified (an administrator who called it back).
    /// A layer that places calls only counts someone reachable by phone once it is verified.
    /// </summary>
    private static async Task<IResult> SetPhoneAsync(
        string userId, PhoneRequest request, ClaimsPrincipal user, IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock, CancellationToken ct)
    {
        var phone = request.Phone?.Trim();
        if (phone is not null && phone.Length > 0 && !System.Text.RegularExpressions.Regex.IsMatch(phone, @"^\+[1-9][0-9]{6,14}$"))
        {
            return ApiProblems.Invalid("phone", "Write the number in E.164 form, for example +15555550123.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var person = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (person is null)
        {
            return ApiProblems.NotFound("person");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        person.PhoneNumber = string.IsNullOrEmpty(phone) ? null : phone;
        person.PhoneNumberConfirmed = person.PhoneNumber is not null && request.Verified == true;
        Infrastructure.Audit.AuditWriter.Append(db, [new(clock.GetUtcNow(), MessageEndpoints.Actor(user), "PhoneChanged",
            Detail: $"{person.Email}: {(person.PhoneNumber is null ? "no phone" : $"{person.PhoneNumber[..Math.Min(4, person.PhoneNumber.Length)]}... {(person.PhoneNumberConfirmed ? "verified" : "not verified")}")}")]);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Results.NoContent();
    }

    /// <summary>The file is the raw request body (text/csv, text/calendar, ...); <c>?fileName=</c> names it in the report and the audit.</summary>
    private static async Task<IResult> ImportAsync(Guid id, string? fileName, HttpRequest request, ClaimsPrincipal user, ScheduleImporter importer,
        IDbContextFactory<EscalationDbContext> contexts, CancellationToken ct)
    {
        // A key pushes only to the schedule sources it is bound to (docs/decisions/019). An unknown source stays 404,
        // as it is for an administrator; one that exists but is not this key's is 403, and nothing is read or changed.
        if (!user.MayFeed(Infrastructure.Integrations.FeedKind.ScheduleSource, id))
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            return await db.ScheduleSources.AnyAsync(s => s.Id == id, ct)
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

    private static async Task<IResult> SaveSourceAsync(Guid? id, SourceRequest request, ClaimsPrincipal user, IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        ScheduleSource? source = null;
        if (id is { } existing)
        {
            source = await db.ScheduleSources.SingleOrDefaultAsync(s => s.Id == existing, ct);
            if (source is null)
            {
                return ApiProblems.NotFound("schedule source");
            }
        }

        var name = request.Name?.Trim() ?? source?.Name ?? string.Empty;
        if (name.Length is 0 or > 100)
        {
            return ApiProblems.Invalid("name", "A source has a name of 1 to 100 characters.");
        }

        if (!Enum.TryParse<ScheduleFormat>(request.Format ?? source?.Format.ToString(), true, out var format) || !Enum.IsDefined(format))
        {
            return ApiProblems.Invalid("format", "Format is one of CsvShifts, CsvDayGrid, ICalendar.");
        }

        if (!Enum.TryParse<ScheduleTransport>(request.Transport ?? source?.Transport.ToString() ?? nameof(ScheduleTransport.Upload), true, out var transport) || !Enum.IsDefined(transport))
        {
            return ApiProblems.Invalid("transport", "Transport is one of Upload, Url, Folder.");
        }

        var location = request.Location?.Trim() ?? source?.Location;
        if (transport == ScheduleTransport.Url && !(Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            return ApiProblems.Invalid("location", "A URL source needs an http(s) address.");
        }

        if (transport == ScheduleTransport.Folder && string.IsNullOrWhiteSpace(location))
        {
            return ApiProblems.Invalid("location", "A folder source needs a folder (optionally with a file pattern such as /srv/exports/*.ics).");
        }

        var unitId = request.DefaultUnitId is { } u ? new Domain.Organisation.UnitId(u) : source?.DefaultUnitId;
        if (unitId is null || !await db.Units.AnyAsync(x => x.Id == unitId, ct))
        {
            return ApiProblems.Invalid("defaultUnitId", "The default unit must be one of ours.");
        }

        var interval = request.PullIntervalMinutes ?? source?.PullIntervalMinutes ?? 15;
        var stale = request.StaleAfterMinutes ?? source?.StaleAfterMinutes ?? 30;
        if (interval is < 1 or > 1440 || stale is < 5 or > 10080)
        {
            return ApiProblems.Invalid("pullIntervalMinutes", "Pull every 1 to 1440 minutes; stale after 5 minutes to 7 days.");
        }

        if (await db.ScheduleSources.AnyAsync(s => s.Name == name && s.Id != (id ?? Guid.Empty), ct))
        {
            return ApiProblems.Invalid("name", $"A source named '{name}' already exists.");
        }

        var now = clock.GetUtcNow();
        var actor = MessageEndpoints.Actor(user);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (source is null)
        {
            source = new ScheduleSource(name, unitId.Value, format, transport, location, actor, now);
            db.ScheduleSources.Add(source);
        }

        source.Name = name;
        source.DefaultUnitId = unitId.Value;
        source.Format = format;
        source.Transport = transport;
        source.Location = location;
        source.PullIntervalMinutes = interval;
        source.StaleAfterMinutes = stale;
        source.DayGridHandoff = request.DayGridHandoff ?? source.DayGridHandoff;
        source.IsEnabled = request.IsEnabled ?? source.IsEnabled;
        if (request.Mappings is { } mappings)
        {
            source.Mappings = new ScheduleMappings(mappings.Roles ?? [], mappings.People ?? [], mappings.Units ?? []);
        }

        Infrastructure.Audit.AuditWriter.Append(db, [new(now, actor, id is null ? "ScheduleSourceCreated" : "ScheduleSourceChanged",
            Detail: $"'{source.Name}' {source.Format} via {source.Transport} {source.Location} every {source.PullIntervalMinutes} min, stale after {source.StaleAfterMinutes} min; mappings {source.MappingsJson}")]);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return id is null ? Results.Created($"/api/roster/sources/{source.Id}", new { id = source.Id }) : Results.Ok(new { id = source.Id });
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
