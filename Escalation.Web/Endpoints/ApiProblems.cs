using Escalation.Domain.Common;
using Escalation.Infrastructure.Engine;

namespace Escalation.Web.Endpoints;

/// <summary>RFC 7807 problem details for every refusal, so integrations can act on a stable code.</summary>
internal static class ApiProblems
{
    public static IResult From(Result result) => result.Code switch
    {
        "not-found" => Problem(StatusCodes.Status404NotFound, result),
        "not-recipient" or "not-for-unit" or "read-only" => Problem(StatusCodes.Status403Forbidden, result),
        _ => Problem(StatusCodes.Status409Conflict, result),
    };

    public static IResult From(EngineException exception) => exception.Code switch
    {
        "unknown-unit" or "unknown-role" or "unknown-ladder" or "target-required" or "role-required" or "role-not-in-unit" or "duplicate-name" or "unknown-person" or "in-the-past"
            => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be carried out", detail: exception.Message, extensions: Code(exception.Code)),
        _ => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The request cannot be carried out", detail: exception.Message, extensions: Code(exception.Code)),
    };

    public static IResult Invalid(string field, string error) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] }, title: "The request is not valid");

    public static IResult Invalid(DomainException exception) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid", detail: exception.Message, extensions: Code("invalid"));

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {what}.", extensions: Code("not-found"));

    private static IResult Problem(int status, Result result) =>
        Results.Problem(statusCode: status, title: result.Error, extensions: Code(result.Code ?? "refused"));

    private static Dictionary<string, object?> Code(string code) => new() { ["code"] = code };
}
