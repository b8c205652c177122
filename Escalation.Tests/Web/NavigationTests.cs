using System.Reflection;
using System.Security.Claims;
using Escalation.Web.Components.Navigation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace Escalation.Tests.Web;

[Trait("Category", "Unit")]
public sealed class NavigationTests
{
    private static readonly IReadOnlyList<Type> Pages = typeof(NavCatalog).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<RouteAttribute>() is not null)
        .ToList();

    [Fact]
    public void EveryPage_DeclaresWhoMayOpenIt()
    {
        Assert.NotEmpty(Pages);
        var undeclared = Pages
            .Where(p => p.GetCustomAttribute<AuthorizeAttribute>() is null && p.GetCustomAttribute<AllowAnonymousAttribute>() is null)
            .Select(p => p.FullName)
            .ToList();

        Assert.Empty(undeclared);
    }

    [Fact]
    public void AnonymousPages_AreOnlyTheSignInAndErrorPages()
    {
        var anonymous = Pages.Where(p => p.GetCustomAttribute<AllowAnonymousAttribute>() is not null)
            .Select(p => p.GetCustomAttribute<RouteAttribute>()!.Template)
            .Order()
            .ToList();

        Assert.Equal(["/account/access-denied", "/account/login", "/error", "/not-found"], anonymous);
    }

    [Theory]
    [InlineData(PersonaRole.Administrator, new[] { "/", "/inbox", "/board", "/organisation", "/roster", "/metrics", "/compliance", "/admin/tiers", "/admin/ladders", "/admin/lab-limits", "/admin/users", "/admin/api-keys", "/admin/maintenance", "/admin/system" })]
    [InlineData(PersonaRole.ChargeNurse, new[] { "/", "/inbox", "/board", "/organisation", "/roster", "/metrics" })]
    [InlineData(PersonaRole.Clinician, new[] { "/", "/inbox", "/organisation" })]
    [InlineData(PersonaRole.Compliance, new[] { "/", "/organisation", "/metrics", "/compliance" })]
    public void Menu_OffersEachRoleExactlyThePagesItMayOpen(string role, string[] expected)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], "test"));

        var offered = NavCatalog.For(user).Select(e => e.Route).ToList();

        Assert.Equal(expected, offered);
        foreach (var route in offered)
        {
            var page = Pages.Single(p => p.GetCustomAttributes<RouteAttribute>().Any(r => r.Template == route));
            var roles = NavCatalog.RolesOf(page);
            Assert.True(roles is null || roles.Contains(role), $"{route} is offered to {role} but refuses it");
        }
    }
}
