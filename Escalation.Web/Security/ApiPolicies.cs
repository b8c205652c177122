using Escalation.Domain.Organisation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Escalation.Web.Security;

/// <summary>Who may call which part of the API. Integrations (API keys) reach only what they need.</summary>
internal static class ApiPolicies
{
    public const string Send = "api:send";
    public const string PeopleOrIntegrations = "api:people-or-integrations";
    public const string People = "api:people";
    public const string Board = "api:board";
    public const string Admin = "api:admin";
    public const string RosterImport = "api:roster-import";
    public const string Compliance = "api:compliance";

    public static void Add(AuthorizationBuilder authorization)
    {
        string[] both = [IdentityConstants.ApplicationScheme, ApiKeyAuthenticationHandler.SchemeName];
        authorization
            .AddPolicy(Send, p => p.AddAuthenticationSchemes(both).RequireRole(
                PersonaRole.Administrator, PersonaRole.ChargeNurse, PersonaRole.Clinician, ApiKeyAuthenticationHandler.Role))
            .AddPolicy(PeopleOrIntegrations, p => p.AddAuthenticationSchemes(both).RequireAuthenticatedUser())
            .AddPolicy(People, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser())
            .AddPolicy(Board, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireRole(PersonaRole.ChargeNurse, PersonaRole.Administrator, PersonaRole.Compliance))
            .AddPolicy(RosterImport, p => p.AddAuthenticationSchemes(both).RequireRole(PersonaRole.Administrator, ApiKeyAuthenticationHandler.Role))
            .AddPolicy(Compliance, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(PersonaRole.Compliance, PersonaRole.Administrator))
            .AddPolicy(Admin, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(PersonaRole.Administrator));
    }
}
