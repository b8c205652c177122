using Escalation.Domain.Common;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Engine;

namespace Escalation.Web.Endpoints;

/// <remarks>
/// An answering service adds <see cref="CallerName"/>, <see cref="CallbackNumber"/>, <see cref="Reason"/>,
/// <see cref="TriageTier"/> and <see cref="Practice"/> (a unit code or id): see <see cref="AnsweringServiceRequest"/>.
/// </remarks>
/// <remarks>
/// Text limits (<see cref="TextRules"/>, checked as the body is read): 200 characters on one line unless the field
/// says otherwise. <see cref="PatientRef"/> is an identifier (an MRN, an encounter number), not a record.
/// </remarks>
public sealed record SendMessageRequest(
    string? Tier, string? Subject, [Text(10_000, Multiline = true)] string? Body, [Text(100)] string? PatientRef, Guid? UnitId, Guid? RoleId, Guid? LadderId, string? Source, string? ExternalId, bool? Broadcast,
    string? CallerName = null, string? CallbackNumber = null, [Text(2_000, Multiline = true)] string? Reason = null, string? TriageTier = null, string? Practice = null);

public sealed record CloseMessageRequest(string? Outcome, [Text(2_000, Multiline = true)] string? Note);

public sealed record ReassignRequest(string? UserId);

public sealed record ReplyRequest([Text(MessageReplies.MaxLength, Multiline = true)] string? Text);

internal static class MessageEndpoints
{
    public static void MapMessageEndpoints(this IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/api/messages").WithTags("Messages");
        messages.MapPost("", SendAsync).RequireAuthorization(ApiPolicies.Send);
        messages.MapGet("{id:guid}", GetAsync).RequireAuthorization(ApiPolicies.PeopleOrIntegrations);
        messages.MapGet("", ListAsync).RequireAuthorization(ApiPolicies.Board);
        messages.MapPost("{id:guid}/read", ReadAsync).RequireAuthorization(ApiPolicies.People);
        messages.MapPost("{id:guid}/ack", AcknowledgeAsync).RequireAuthorization(ApiPolicies.People);
        messages.MapPost("{id:guid}/close", CloseAsync).RequireAuthorization(ApiPolicies.People);
        messages.MapPost("{id:guid}/escalate", EscalateAsync).RequireAuthorization(ApiPolicies.People);
        messages.MapPost("{id:guid}/reassign", ReassignAsync).RequireAuthorization(ApiPolicies.People);
        messages.MapGet("{id:guid}/replies", ThreadAsync).RequireAuthorization(ApiPolicies.People);
        messages.MapPost("{id:guid}/replies", ReplyAsync).RequireAuthorization(ApiPolicies.People);
    }

    private static async Task<IResult> SendAsync(SendMessageRequest request, ClaimsPrincipal user, EscalationEngine engine, OrganisationDirectory directory, CancellationToken cancellationToken)
    {
        var (answering, call, refusal) = await AnsweringServiceRequest.PrepareAsync(request, user, directory, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        request = answering;
        if (!EnumNames.TryParse<Tier>(request.Tier, out var tier))
        {
            return EnumNames.Invalid<Tier>("tier");
        }

        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            return ApiProblems.Invalid("subject", "subject is required.");
        }

        if (request.Body is { Length: > 10_000 })
        {
            return ApiProblems.Invalid("body", "body is at most 10,000 characters.");
        }

        var integration = user.IsInRole(ApiKeyAuthenticationHandler.Role);
        MessageSource source;
        if (request.Source is null)
        {
            source = integration ? MessageSource.AnsweringService : MessageSource.Manual;
        }
        else if (!EnumNames.TryParse(request.Source, out source))
        {
            return EnumNames.Invalid<MessageSource>("source");
        }

        if (integration && source is MessageSource.Manual or MessageSource.Drill)
        {
            return ApiProblems.Invalid("source", "An integration sends AnsweringService or Ehr messages.");
        }

        if (!integration && source is MessageSource.AnsweringService or MessageSource.Ehr)
        {
            return ApiProblems.Invalid("source", "People send Manual messages; integrations use an API key.");
        }

        if (source == MessageSource.Drill && !user.IsInRole(PersonaRole.Administrator))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only administrators run drills.");
        }

        // The tier's policy chooses the ladder; only an administrator (drills, tests of a new ladder) may choose another.
        if (request.LadderId is not null && !user.IsInRole(PersonaRole.Administrator))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only administrators choose a ladder; the tier's policy decides otherwise.");
        }

        if (integration && await RefuseUnboundPracticeAsync(request, user, directory, cancellationToken) is { } unbound)
        {
            return unbound;
        }

        // Stored with the sender's prefix (at most 100 characters more), within the 200 the column holds.
        if (request.ExternalId is { Length: > 90 })
        {
            return ApiProblems.Invalid("externalId", "externalId is at most 90 characters.");
        }

        // Each sender has its own space of external ids: two EHR interfaces may both number from 1, and one
        // person's retry must never return another person's message.
        var externalId = string.IsNullOrWhiteSpace(request.ExternalId)
            ? null
            : integration
                ? $"{user.FindFirstValue(ApiKeyAuthenticationHandler.SourceClaim)}:{request.ExternalId.Trim()}"
                : $"{Actor(user)}:{request.ExternalId.Trim()}";
        try
        {
            var result = await engine.SendAsync(
                new SendMessage(tier, request.Subject, request.Body ?? string.Empty, request.PatientRef, request.UnitId, request.RoleId, request.LadderId, source, externalId, request.Broadcast ?? false, call),
                Actor(user),
                cancellationToken);
            var location = $"/api/messages/{result.Id.Value}";
            var body = new { id = result.Id.Value, created = result.Created };
            return result.Created ? Results.Created(location, body) : Results.Ok(body);
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

    /// <summary>
    /// A key sends messages (answering-service calls or plain ones) only to the practices it is bound to
    /// (docs/decisions/019), whether the unit is named by practice, unit id or a role of the unit. An unknown unit or
    /// role is left to the engine, which refuses it as for anybody.
    /// </summary>
    private static async Task<IResult?> RefuseUnboundPracticeAsync(SendMessageRequest request, ClaimsPrincipal user, OrganisationDirectory directory, CancellationToken cancellationToken)
    {
        var units = await directory.GetUnitsAsync(cancellationToken);
        var unitId = request.UnitId is { } named
            ? units.FirstOrDefault(u => u.Id == named)?.Id
            : units.FirstOrDefault(u => u.Roles.Any(r => r.Id == request.RoleId))?.Id;

        return unitId is { } unit && !user.MayFeed(Infrastructure.Integrations.FeedKind.Practice, unit)
            ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This integration key is not bound to that practice: an administrator binds it on the keys page.",
                extensions: new Dictionary<string, object?> { ["code"] = "not-bound" })
            : null;
    }

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, MessageAccess access, MessageQueries queries, CancellationToken cancellationToken)
    {
        var message = await access.FindVisibleAsync(await CallerAsync(user, access, cancellationToken), new MessageId(id), cancellationToken);
        if (message is null)
        {
            return NoSuchMessage();
        }

        return Results.Ok(await queries.GetAsync(message.Id, cancellationToken));
    }

    private static async Task<IResult> ListAsync(string? state, int? take, ClaimsPrincipal user, MessageAccess access, MessageQueries queries, CancellationToken cancellationToken)
    {
        if (!EnumNames.TryParseOptional<MessageState>(state, "state", out var wanted, out var problem))
        {
            return problem!;
        }

        // The caller's units are part of the query, so a page of rows is a page of their rows.
        var units = MessageAccess.UnitScope(await CallerAsync(user, access, cancellationToken));
        return Results.Ok(await queries.ListAsync(wanted, take ?? 200, units, cancellationToken));
    }

    private static async Task<IResult> ReadAsync(Guid id, ClaimsPrincipal user, EscalationEngine engine, MessageAccess access, CancellationToken cancellationToken) =>
        Outcome(await engine.ReadAsync(new MessageId(id), await CallerAsync(user, access, cancellationToken), cancellationToken));

    private static async Task<IResult> AcknowledgeAsync(Guid id, ClaimsPrincipal user, EscalationEngine engine, MessageAccess access, CancellationToken cancellationToken) =>
        Outcome(await engine.AcknowledgeAsync(new MessageId(id), await CallerAsync(user, access, cancellationToken), cancellationToken));

    private static async Task<IResult> CloseAsync(Guid id, CloseMessageRequest request, ClaimsPrincipal user, EscalationEngine engine, MessageAccess access, CancellationToken cancellationToken)
    {
        if (!EnumNames.TryParse<CloseOutcome>(request.Outcome, out var outcome))
        {
            return EnumNames.Invalid<CloseOutcome>("outcome");
        }

        return Outcome(await engine.CloseAsync(new MessageId(id), await CallerAsync(user, access, cancellationToken), outcome, request.Note, cancellationToken));
    }

    /// <summary>"Escalate now": the engine allows it to somebody acting for the unit (charge nurse, administrator).</summary>
    private static async Task<IResult> EscalateAsync(Guid id, ClaimsPrincipal user, EscalationEngine engine, MessageAccess access, CancellationToken cancellationToken) =>
        Outcome(await engine.EscalateNowAsync(new MessageId(id), await CallerAsync(user, access, cancellationToken), cancellationToken));

    private static async Task<IResult> ThreadAsync(Guid id, ClaimsPrincipal user, MessageReplies replies, MessageAccess access, CancellationToken cancellationToken) =>
        await access.FindVisibleAsync(await CallerAsync(user, access, cancellationToken), new MessageId(id), cancellationToken) is { } message
            ? Results.Ok(await replies.ThreadAsync(message.Id, cancellationToken))
            : NoSuchMessage();

    /// <summary>A reply on the thread (MessageReplies decides who may). It never acknowledges.</summary>
    private static async Task<IResult> ReplyAsync(Guid id, ReplyRequest request, ClaimsPrincipal user, MessageReplies replies, MessageAccess access, CancellationToken cancellationToken)
    {
        var result = await replies.ReplyAsync(new MessageId(id), await CallerAsync(user, access, cancellationToken), request.Text ?? string.Empty, cancellationToken);
        return result.Succeeded ? Results.NoContent() : result.Code == "invalid" ? ApiProblems.Invalid("text", result.Error!) : ApiProblems.From(result);
    }

    /// <summary>Hands the current layer to a named person: the engine decides who may, and to whom.</summary>
    private static async Task<IResult> ReassignAsync(Guid id, ReassignRequest request, ClaimsPrincipal user, EscalationEngine engine, MessageAccess access, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserId))
        {
            return ApiProblems.Invalid("userId", "userId names the person to page.");
        }

        return Outcome(await engine.ReassignAsync(new MessageId(id), request.UserId, await CallerAsync(user, access, cancellationToken), cancellationToken));
    }

    private static IResult Outcome(Result result) => result.Succeeded ? Results.NoContent() : ApiProblems.From(result);

    private static IResult NoSuchMessage() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such message.");

    internal static string Actor(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Signed-in principal without an id.");

    /// <summary>The signed-in person (or integration key) as the use cases judge them.</summary>
    internal static Task<Caller> CallerAsync(ClaimsPrincipal user, MessageAccess access, CancellationToken cancellationToken) =>
        access.CallerAsync(Actor(user), cancellationToken);
}
