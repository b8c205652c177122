using System.Security.Claims;
using Escalation.Domain.Common;
using Escalation.Domain.Messages;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Organisation;
using Escalation.Web.Security;

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
            return ApiProblems.Invalid("tier", "tier is one of Critical, Urgent, Routine.");
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
            return ApiProblems.Invalid("source", "source is one of Manual, AnsweringService, Ehr, Drill.");
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

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, MessageQueries queries, CancellationToken cancellationToken)
    {
        var message = await FindVisibleAsync(id, user, queries, cancellationToken);
        if (message is null)
        {
            return NoSuchMessage();
        }

        return Results.Ok(await queries.GetAsync(message.Id, cancellationToken));
    }

    private static async Task<IResult> ListAsync(string? state, int? take, ClaimsPrincipal user, MessageQueries queries, CancellationToken cancellationToken)
    {
        MessageState? wanted = null;
        if (state is not null)
        {
            if (!Enum.TryParse<MessageState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return ApiProblems.Invalid("state", "state is one of Open, Acknowledged, Closed.");
            }

            wanted = parsed;
        }

        var list = await queries.ListAsync(wanted, take ?? 200, cancellationToken);

        // A charge nurse's list is their unit's; administrators and compliance see every unit.
        var home = EscalationClaims.HomeUnitOf(user);
        return Results.Ok(user.IsInRole(PersonaRole.Administrator) || user.IsInRole(PersonaRole.Compliance) ? list : list.Where(m => m.UnitId == home).ToList());
    }

    private static async Task<IResult> ReadAsync(Guid id, ClaimsPrincipal user, EscalationEngine engine, MessageQueries queries, CancellationToken cancellationToken)
    {
        var message = await FindVisibleAsync(id, user, queries, cancellationToken);
        if (message is null)
        {
            return NoSuchMessage();
        }

        var result = await engine.ReadAsync(message.Id, Actor(user), cancellationToken);
        return result.Succeeded ? Results.NoContent() : ApiProblems.From(result);
    }

    private static async Task<IResult> AcknowledgeAsync(Guid id, ClaimsPrincipal user, EscalationEngine engine, MessageQueries queries, CancellationToken cancellationToken)
    {
        var message = await FindVisibleAsync(id, user, queries, cancellationToken);
        if (message is null)
        {
            return NoSuchMessage();
        }

        var result = await engine.AcknowledgeAsync(message.Id, Actor(user), MayActForUnit(user, message), cancellationToken);
        return result.Succeeded ? Results.NoContent() : ApiProblems.From(result);
    }

    private static async Task<IResult> CloseAsync(Guid id, CloseMessageRequest request, ClaimsPrincipal user, EscalationEngine engine, MessageQueries queries, CancellationToken cancellationToken)
    {
        if (!EnumNames.TryParse<CloseOutcome>(request.Outcome, out var outcome))
        {
            return ApiProblems.Invalid("outcome", "outcome is one of ActionTaken, NoActionNeeded, WrongRecipient.");
        }

        var message = await queries.FindAsync(new MessageId(id), cancellationToken);
        if (message is null || !(message.RecipientIds.Contains(Actor(user)) || MayActForUnit(user, message)))
        {
            return NoSuchMessage();
        }

        var result = await engine.CloseAsync(message.Id, Actor(user), outcome, request.Note, cancellationToken);
        return result.Succeeded ? Results.NoContent() : ApiProblems.From(result);
    }

    /// <summary>"Escalate now": only somebody who may act for the unit (charge nurse, administrator).</summary>
    private static async Task<IResult> EscalateAsync(Guid id, ClaimsPrincipal user, EscalationEngine engine, MessageQueries queries, CancellationToken cancellationToken)
    {
        var message = await FindVisibleAsync(id, user, queries, cancellationToken);
        if (message is null)
        {
            return NoSuchMessage();
        }

        if (!MayActForUnit(user, message))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the unit's charge nurse or an administrator can escalate a message by hand.");
        }

        var result = await engine.EscalateNowAsync(message.Id, Actor(user), cancellationToken);
        return result.Succeeded ? Results.NoContent() : ApiProblems.From(result);
    }

    private static async Task<IResult> ThreadAsync(Guid id, ClaimsPrincipal user, MessageReplies replies, MessageQueries queries, CancellationToken cancellationToken) =>
        await FindVisibleAsync(id, user, queries, cancellationToken) is { } message ? Results.Ok(await replies.ThreadAsync(message.Id, cancellationToken)) : NoSuchMessage();

    /// <summary>A reply on the thread: anyone who may see the message. It never acknowledges.</summary>
    private static async Task<IResult> ReplyAsync(Guid id, ReplyRequest request, ClaimsPrincipal user, MessageReplies replies, MessageQueries queries, CancellationToken cancellationToken)
    {
        var message = await FindVisibleAsync(id, user, queries, cancellationToken);
        if (message is null)
        {
            return NoSuchMessage();
        }

        var result = await replies.ReplyAsync(message.Id, Actor(user), request.Text ?? string.Empty, cancellationToken);
        return result.Succeeded ? Results.NoContent() : result.Code == "invalid" ? ApiProblems.Invalid("text", result.Error!) : ApiProblems.From(result);
    }

    /// <summary>Hands the current layer to a named person: only somebody who may act for the unit.</summary>
    private static async Task<IResult> ReassignAsync(Guid id, ReassignRequest request, ClaimsPrincipal user, EscalationEngine engine, MessageQueries queries, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserId))
        {
            return ApiProblems.Invalid("userId", "userId names the person to page.");
        }

        var message = await FindVisibleAsync(id, user, queries, cancellationToken);
        if (message is null)
        {
            return NoSuchMessage();
        }

        if (!MayActForUnit(user, message))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the unit's charge nurse or an administrator can reassign a message.");
        }

        var result = await engine.ReassignAsync(message.Id, request.UserId, Actor(user), cancellationToken);
        return result.Succeeded ? Results.NoContent() : ApiProblems.From(result);
    }

    /// <summary>The message if the caller may see it; null alike for "does not exist" and "not yours", so ids reveal nothing.</summary>
    private static async Task<Message?> FindVisibleAsync(Guid id, ClaimsPrincipal user, MessageQueries queries, CancellationToken cancellationToken)
    {
        var message = await queries.FindAsync(new MessageId(id), cancellationToken);
        return message is not null && MayView(user, message) ? message : null;
    }

    private static IResult NoSuchMessage() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such message.");

    internal static string Actor(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Signed-in principal without an id.");

    /// <summary>Administrators act for every unit; a charge nurse for their home unit's messages only.</summary>
    internal static bool MayActForUnit(ClaimsPrincipal user, Message message) =>
        user.IsInRole(PersonaRole.Administrator) || (user.IsInRole(PersonaRole.ChargeNurse) && EscalationClaims.HomeUnitOf(user) == message.UnitId.Value);

    internal static bool MayView(ClaimsPrincipal user, Message message)
    {
        var actor = Actor(user);
        return message.CreatedBy == actor
            || message.RecipientIds.Contains(actor)
            || MayActForUnit(user, message)
            || user.IsInRole(PersonaRole.Compliance);
    }
}
