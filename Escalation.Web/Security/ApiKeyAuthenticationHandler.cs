using System.Text.Encodings.Web;
using Escalation.Infrastructure.Integrations;
using Escalation.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Escalation.Web.Security;

/// <summary>
/// Integrations present <c>Authorization: ApiKey &lt;key&gt;</c>; under <c>/fhir</c> also <c>Authorization: Bearer
/// &lt;key&gt;</c>, the form FHIR clients and EHR subscription senders are built to send. The key is looked up by its
/// hash; a revoked or unknown key fails. The principal is the key (never a person) in the <see cref="Role"/> role.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<EscalationDbContext> contexts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Role = "Integration";
    public const string SourceClaim = "escalation:source";
    public const string BearerScheme = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var scheme = header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase) ? SchemeName
            : header.StartsWith(BearerScheme + " ", StringComparison.OrdinalIgnoreCase) && IsFhir(Request) ? BearerScheme
            : null;
        if (scheme is null)
        {
            return AuthenticateResult.NoResult();
        }

        var key = header[(scheme.Length + 1)..].Trim();
        if (key.Length == 0)
        {
            return AuthenticateResult.Fail("Empty API key.");
        }

        await using var db = await contexts.CreateDbContextAsync(Context.RequestAborted);
        var hash = ApiKey.HashOf(key);
        // The binding is read with the key on every request, so an administrator's edit applies to the key's next call.
        var found = await db.ApiKeys.AsNoTracking().Include(k => k.Bindings).SingleOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        if (found is null || found.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        List<Claim> claims =
        [
            new Claim(ClaimTypes.NameIdentifier, $"apikey:{found.Id}"),
            new Claim(ClaimTypes.Name, found.Name),
            new Claim(ClaimTypes.Role, Role),
            new Claim(SourceClaim, found.SourceName),
        ];
        claims.AddRange(IntegrationFeeds.ClaimsOf(found.Binding));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = IsFhir(Request) ? new StringValues([SchemeName, BearerScheme]) : new StringValues(SchemeName);
        return Task.CompletedTask;
    }

    private static bool IsFhir(HttpRequest request) => request.Path.StartsWithSegments("/fhir");
}
