using Escalation.Infrastructure.Integrations;

namespace Escalation.Web.Security;

/// <summary>
/// What an integration key may feed, as claims of its principal (docs/decisions/019). People are governed by their
/// persona roles and the endpoint policies; a key only by its binding, so a key bound to nothing feeds nothing.
/// </summary>
internal static class IntegrationFeeds
{
    public const string FeedClaim = "escalation:feeds";
    public const string FhirSourceClaim = "escalation:fhir-source";

    public static IEnumerable<Claim> ClaimsOf(KeyBinding binding)
    {
        foreach (var source in binding.ScheduleSources)
        {
            yield return new Claim(FeedClaim, Value(FeedKind.ScheduleSource, ApiKeyBinding.TargetOf(source)));
        }

        foreach (var practice in binding.Practices)
        {
            yield return new Claim(FeedClaim, Value(FeedKind.Practice, ApiKeyBinding.TargetOf(practice)));
        }

        if (binding.FhirSource is { } fhir)
        {
            yield return new Claim(FeedClaim, Value(FeedKind.FhirSource, fhir));
            yield return new Claim(FhirSourceClaim, fhir);
        }
    }

    public static bool IsIntegration(this ClaimsPrincipal user) => user.IsInRole(ApiKeyAuthenticationHandler.Role);

    /// <summary>True for a person (their policy already admitted them); for a key, only what its binding names.</summary>
    public static bool MayFeed(this ClaimsPrincipal user, FeedKind kind, Guid target) => user.MayFeed(kind, ApiKeyBinding.TargetOf(target));

    public static bool MayFeed(this ClaimsPrincipal user, FeedKind kind, string target) =>
        !user.IsIntegration() || user.HasClaim(FeedClaim, Value(kind, target));

    /// <summary>The FHIR source a key speaks for on /fhir, or null (a person, or a key bound to no FHIR source).</summary>
    public static string? FhirSourceOf(this ClaimsPrincipal user) => user.IsIntegration() ? user.FindFirstValue(FhirSourceClaim) : null;

    private static string Value(FeedKind kind, string target) => $"{kind}:{target}";
}
