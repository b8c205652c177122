using Escalation.Domain.Common;
using Escalation.Domain.Ladders;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Integrations;
using Escalation.Infrastructure.Ladders;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Web.Endpoints;

public sealed record LayerRequest(IReadOnlyList<string>? Roles, int? TimeoutSeconds, IReadOnlyList<string>? Channels);

public sealed record LadderRequest(string? Name, IReadOnlyList<LayerRequest>? Layers, [Text(500, Multiline = true)] string? ChangeNote);

/// <summary>A tier change; the acknowledgment windows (minutes) are optional, given together, and kept when left out.</summary>
public sealed record TierRequest(bool? Escalates, Guid? LadderId, bool? RequiresAck, int? AckReminderMinutes = null, int? AckBoardMinutes = null);

public sealed record ApiKeyRequest(string? Name, string? SourceName, KeyBindingRequest? Binding);

/// <summary>What a key may feed: schedule source ids, at most one FHIR source name, practice (unit) ids. Left out: nothing.</summary>
public sealed record KeyBindingRequest(IReadOnlyList<Guid>? ScheduleSources, string? FhirSource, IReadOnlyList<Guid>? Practices)
{
    public KeyBinding ToBinding() => new(ScheduleSources ?? [], FhirSource, Practices ?? []);
}

internal static class AdminEndpoints
{
    /// <summary>What a layer may name as a channel: <see cref="Channels.None"/> is the absence of one.</summary>
    private static readonly Channels[] LayerChannels = [Channels.Inbox, Channels.Sms, Channels.Voice];

    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var ladders = app.MapGroup("/api/ladders").WithTags("Ladders").RequireAuthorization(ApiPolicies.Admin);
        ladders.MapGet("", (LadderAdministration admin, CancellationToken ct) => admin.ListAsync(ct));
        ladders.MapGet("{familyId:guid}/versions", (Guid familyId, LadderAdministration admin, CancellationToken ct) => admin.HistoryAsync(familyId, ct));
        ladders.MapPost("", CreateLadderAsync);
        ladders.MapPut("{familyId:guid}", ReviseLadderAsync);

        var tiers = app.MapGroup("/api/tiers").WithTags("Tiers").RequireAuthorization(ApiPolicies.Admin);
        tiers.MapGet("", (LadderAdministration admin, CancellationToken ct) => admin.TiersAsync(ct));
        tiers.MapPut("{tier}", UpdateTierAsync);

        var keys = app.MapGroup("/api/apikeys").WithTags("Integration keys").RequireAuthorization(ApiPolicies.Admin);
        keys.MapGet("", ListKeysAsync);
        keys.MapPost("", IssueKeyAsync);
        keys.MapDelete("{id:guid}", RevokeKeyAsync);
        keys.MapPut("{id:guid}/binding", BindKeyAsync);
    }

    private static async Task<IResult> CreateLadderAsync(LadderRequest request, ClaimsPrincipal user, LadderAdministration admin, CancellationToken ct)
    {
        if (!TryLayers(request, out var layers, out var problem))
        {
            return problem!;
        }

        try
        {
            var view = await admin.CreateAsync(request.Name ?? string.Empty, layers, MessageEndpoints.Actor(user), request.ChangeNote, ct);
            return Results.Created($"/api/ladders/{view.FamilyId}", view);
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

    private static async Task<IResult> ReviseLadderAsync(Guid familyId, LadderRequest request, ClaimsPrincipal user, LadderAdministration admin, CancellationToken ct)
    {
        if (!TryLayers(request, out var layers, out var problem))
        {
            return problem!;
        }

        try
        {
            var view = await admin.ReviseAsync(familyId, request.Name ?? string.Empty, layers, MessageEndpoints.Actor(user), request.ChangeNote, ct);
            return view is null ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such ladder.") : Results.Ok(view);
        }
        catch (DomainException exception)
        {
            return ApiProblems.Invalid(exception);
        }
        catch (DbUpdateException)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Somebody else saved a new version first: reload and edit again.");
        }
    }

    private static async Task<IResult> UpdateTierAsync(string tier, TierRequest request, ClaimsPrincipal user, LadderAdministration admin, CancellationToken ct)
    {
        if (!EnumNames.TryParse<Tier>(tier, out var parsed))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such tier.");
        }

        if (request.Escalates is null || request.RequiresAck is null || request.LadderId is null)
        {
            return ApiProblems.Invalid("body", "escalates, ladderId and requiresAck are required.");
        }

        if ((request.AckReminderMinutes is null) != (request.AckBoardMinutes is null))
        {
            return ApiProblems.Invalid("body", "ackReminderMinutes and ackBoardMinutes are given together.");
        }

        var windows = request.AckReminderMinutes is { } reminder && request.AckBoardMinutes is { } board ? new AckWindowMinutes(reminder, board) : null;
        try
        {
            return Results.Ok(await admin.UpdateTierAsync(parsed, request.Escalates.Value, request.LadderId.Value, request.RequiresAck.Value, MessageEndpoints.Actor(user), windows, ct));
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

    private static async Task<IResult> ListKeysAsync(ApiKeyAdministration keys, CancellationToken ct) => Results.Ok(await keys.ListAsync(ct));

    private static async Task<IResult> IssueKeyAsync(ApiKeyRequest request, ClaimsPrincipal user, ApiKeyAdministration keys, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrWhiteSpace(request.SourceName) || request.Name.Length > 100 || request.SourceName.Length > 100)
        {
            return ApiProblems.Invalid("name", "name and sourceName are required, at most 100 characters each.");
        }

        var secret = string.Empty;
        var (key, outcome) = await keys.IssueAsync(request.Name, request.SourceName, request.Binding?.ToBinding() ?? KeyBinding.None, MessageEndpoints.Actor(user), value => secret = value, ct);
        if (key is null)
        {
            return ApiProblems.Invalid("binding", outcome.Error!);
        }

        // The only time the key is ever shown.
        return Results.Created($"/api/apikeys/{key.Id}", new { key.Id, key.Name, key.SourceName, key.Binding, key = secret });
    }

    private static async Task<IResult> BindKeyAsync(Guid id, KeyBindingRequest request, ClaimsPrincipal user, ApiKeyAdministration keys, CancellationToken ct)
    {
        var (key, outcome) = await keys.SetBindingAsync(id, request.ToBinding(), MessageEndpoints.Actor(user), ct);
        return key is not null ? Results.Ok(key)
            : outcome.Code == "invalid" ? ApiProblems.Invalid("binding", outcome.Error!)
            : ApiProblems.From(outcome);
    }

    private static async Task<IResult> RevokeKeyAsync(Guid id, ClaimsPrincipal user, ApiKeyAdministration keys, CancellationToken ct) =>
        await keys.RevokeAsync(id, MessageEndpoints.Actor(user), ct) ? Results.NoContent() : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such key.");

    private static bool TryLayers(LadderRequest request, out IReadOnlyList<Layer> layers, out IResult? problem)
    {
        layers = [];
        problem = null;
        if (request.Layers is not { Count: > 0 })
        {
            problem = ApiProblems.Invalid("layers", "A ladder has at least one layer.");
            return false;
        }

        var built = new List<Layer>();
        for (var i = 0; i < request.Layers.Count; i++)
        {
            var layer = request.Layers[i];
            var roles = new List<ClinicalRoleKind>();
            foreach (var role in layer.Roles ?? [])
            {
                if (!EnumNames.TryParse<ClinicalRoleKind>(role, out var kind))
                {
                    problem = EnumNames.Invalid<ClinicalRoleKind>($"layers[{i}].roles");
                    return false;
                }

                roles.Add(kind);
            }

            var channels = Channels.None;
            foreach (var channel in layer.Channels ?? ["Inbox"])
            {
                if (!EnumNames.TryParse(channel, out var parsed, LayerChannels))
                {
                    problem = EnumNames.Invalid($"layers[{i}].channels", LayerChannels);
                    return false;
                }

                channels |= parsed;
            }

            try
            {
                built.Add(new Layer(roles, TimeSpan.FromSeconds(layer.TimeoutSeconds ?? 0), channels));
            }
            catch (DomainException exception)
            {
                problem = ApiProblems.Invalid($"layers[{i}]", exception.Message);
                return false;
            }
        }

        layers = built;
        return true;
    }
}
