using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Identity;
using Escalation.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Escalation.Web.Security;

internal static class AuthenticationSetup
{
    public const string LoginPath = "/account/login";
    public const string AccessDeniedPath = "/account/access-denied";
    public const string SessionExpiredPath = "/account/session-expired";

    public static void AddEscalationAuthentication(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(AuthSettings.Section).Get<AuthSettings>() ?? new AuthSettings();
        if (settings.IdleTimeoutMinutes <= 0 || settings.MaxFailedAccessAttempts <= 0 || settings.MaxFailedAccessAttemptsPerClient <= 0
            || settings.MaxFailedAccessAttemptsPerAccount <= 0 || settings.LockoutMinutes <= 0)
        {
            throw new InvalidOperationException("Auth:IdleTimeoutMinutes, Auth:MaxFailedAccessAttempts, Auth:MaxFailedAccessAttemptsPerClient, Auth:MaxFailedAccessAttemptsPerAccount and Auth:LockoutMinutes must be positive.");
        }

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton<IdleSessionTracker>();
        services.AddHttpContextAccessor();
        services.AddSingleton(new SignInThrottleSettings(
            settings.MaxFailedAccessAttempts,
            settings.MaxFailedAccessAttemptsPerClient,
            settings.MaxFailedAccessAttemptsPerAccount,
            TimeSpan.FromMinutes(settings.LockoutMinutes),
            TimeSpan.FromMinutes(settings.LockoutMinutes)));

        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Password.RequiredLength = 8;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = true;
                options.Password.RequiredUniqueChars = 4;
                // No account lockout: anybody who knows a clinician's address could keep her from acknowledging.
                // SignInThrottle holds the guesser instead (SignInService).
                options.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<EscalationDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<EscalationClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        // The security stamp check rebuilds the principal from the database; keep the session id across it.
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.FromMinutes(1);
            options.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(SessionClaims.SessionId) is { } sessionClaim &&
                    context.NewPrincipal?.Identity is ClaimsIdentity identity)
                {
                    identity.AddClaim(new Claim(SessionClaims.SessionId, sessionClaim.Value));
                }

                return Task.CompletedTask;
            };
        });
        services.AddScoped<SignInService>();
        services.AddScoped<Escalation.Infrastructure.Identity.UserAdministration>();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "Escalation.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Plain http only on a developer's machine; everywhere else the cookie never travels unencrypted.
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.ExpireTimeSpan = settings.IdleTimeout;
            options.SlidingExpiration = true;
            options.LoginPath = LoginPath;
            options.AccessDeniedPath = AccessDeniedPath;
            options.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = ValidateSessionAsync,
                OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden),
            };
        });

        // Every page and endpoint needs a signed-in person unless it says [AllowAnonymous].
        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        ApiPolicies.Add(authorization);

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
    }

    /// <summary>Idle sessions end on the server too; a page load counts as activity.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirstValue(SessionClaims.SessionId);
        var tracker = context.HttpContext.RequestServices.GetRequiredService<IdleSessionTracker>();
        if (sessionId is null || tracker.IsExpired(sessionId))
        {
            if (sessionId is not null)
            {
                tracker.End(sessionId);
            }

            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        if (context.HttpContext.Request.Headers["Sec-Fetch-Mode"] == "navigate")
        {
            tracker.Touch(sessionId);
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>API callers get a status code; people in a browser get the sign-in or access-denied page.</summary>
    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/fhir") || context.Request.Path.StartsWithSegments("/twilio") || context.Request.Path.StartsWithSegments("/healthz"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static string RoleOf(ClaimsPrincipal user) =>
        PersonaRole.All.FirstOrDefault(user.IsInRole) ?? "No role";
}
