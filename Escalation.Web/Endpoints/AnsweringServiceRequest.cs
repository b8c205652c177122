using Escalation.Infrastructure.Answering;

namespace Escalation.Web.Endpoints;

/// <summary>
/// The answering-service part of <c>POST /api/messages</c>: caller name and callback number (E.164), reason, triage
/// tier and the practice (a unit code or id). Checked before anything is created, so bad input changes nothing.
/// </summary>
internal static class AnsweringServiceRequest
{
    /// <summary>Used when the answering service sends no subject. The subject is shown unencrypted, so it names nobody.</summary>
    public const string DefaultSubject = "Answering service call";

    public static async Task<(SendMessageRequest Request, AnsweringCall? Call, IResult? Refusal)> PrepareAsync(
        SendMessageRequest request, ClaimsPrincipal user, OrganisationDirectory directory, CancellationToken cancellationToken)
    {
        if (request.CallerName is null && request.CallbackNumber is null && request.Reason is null && request.TriageTier is null && request.Practice is null)
        {
            return (request, null, null);
        }

        IResult Invalid(string field, string error) => ApiProblems.Invalid(field, error);

        if (!user.IsInRole(ApiKeyAuthenticationHandler.Role))
        {
            return (request, null, Invalid("callerName", "Caller details come from an answering service, with its integration key."));
        }

        if (request.Source is { } source && !string.Equals(source, nameof(MessageSource.AnsweringService), StringComparison.OrdinalIgnoreCase))
        {
            return (request, null, Invalid("source", "A message with caller details has source AnsweringService."));
        }

        if (request.Broadcast == true)
        {
            return (request, null, Invalid("broadcast", "An answering-service call goes to one practice, not to a broadcast."));
        }

        var callerName = request.CallerName?.Trim();
        if (string.IsNullOrEmpty(callerName) || callerName.Length > 200)
        {
            return (request, null, Invalid("callerName", "callerName is required, at most 200 characters."));
        }

        if (!PhoneNumbers.IsE164(request.CallbackNumber?.Trim()))
        {
            return (request, null, Invalid("callbackNumber", "callbackNumber is an E.164 number: a plus, the country code and the number, digits only (+15555550123)."));
        }

        if (request.Reason is { Length: > 2000 })
        {
            return (request, null, Invalid("reason", "reason is at most 2,000 characters."));
        }

        Tier? triage = null;
        if (request.TriageTier is not null)
        {
            if (!EnumNames.TryParse<Tier>(request.TriageTier, out var parsed))
            {
                return (request, null, Invalid("triageTier", EnumNames.Error<Tier>("triageTier")));
            }

            triage = parsed;
        }

        Tier? tier = null;
        if (request.Tier is not null && EnumNames.TryParse<Tier>(request.Tier, out var given))
        {
            tier = given;
        }

        if (triage is { } t1 && tier is { } t2 && t1 != t2)
        {
            return (request, null, Invalid("triageTier", "triageTier and tier disagree: send one, or the same in both."));
        }

        var effectiveTier = triage ?? tier;
        if (effectiveTier is null)
        {
            // Let the ordinary check explain the missing or unknown tier.
            return (request, null, Invalid("tier", "triageTier (or tier) is one of Critical, Urgent, Routine."));
        }

        var unitId = request.UnitId;
        if (request.Practice is { } practice)
        {
            var units = await directory.GetUnitsAsync(cancellationToken);
            var trimmed = practice.Trim();
            var unit = Guid.TryParse(trimmed, out var id)
                ? units.FirstOrDefault(u => u.Id == id)
                : units.FirstOrDefault(u => string.Equals(u.Code, trimmed, StringComparison.OrdinalIgnoreCase));
            if (unit is null)
            {
                return (request, null, Invalid("practice", $"No practice '{trimmed}': give a unit code or id from /api/units."));
            }

            if (unitId is { } other && other != unit.Id)
            {
                return (request, null, Invalid("practice", "practice and unitId name different units."));
            }

            unitId = unit.Id;
        }

        if (unitId is null)
        {
            return (request, null, Invalid("practice", "practice is required: the unit code or id of the practice the call is for."));
        }

        var normalized = request with
        {
            Tier = effectiveTier.ToString(),
            Subject = string.IsNullOrWhiteSpace(request.Subject) ? DefaultSubject : request.Subject,
            Source = nameof(MessageSource.AnsweringService),
            UnitId = unitId,
        };
        var call = new AnsweringCall(callerName, request.CallbackNumber!.Trim(), string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), effectiveTier.Value);
        return (normalized, call, null);
    }
}
