using Escalation.Web.Endpoints;
using Microsoft.AspNetCore.Components.Authorization;

namespace Escalation.Web.Security;

/// <summary>The signed-in person's id for a page, as the API's <see cref="MessageEndpoints.Actor"/> gives it for a request.</summary>
internal static class AuthenticationStateExtensions
{
    public static async Task<string> ActorAsync(this Task<AuthenticationState>? state) =>
        MessageEndpoints.Actor((await (state ?? throw new InvalidOperationException("No authentication state on this page."))).User);
}
