using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace Escalation.Web.Components.Navigation;

public sealed record NavEntry(string Title, string Icon, string Route, int Order, IReadOnlyList<string>? Roles);

/// <summary>The navigable pages and the roles each admits, read once from the pages' attributes.</summary>
public static class NavCatalog
{
    public static IReadOnlyList<NavEntry> All { get; } = Discover(typeof(NavCatalog).Assembly);

    public static IReadOnlyList<NavEntry> For(ClaimsPrincipal user) =>
        All.Where(e => e.Roles is null || e.Roles.Any(user.IsInRole)).ToList();

    /// <summary>Roles named by a page's [Authorize]; null when any signed-in person may open it.</summary>
    public static IReadOnlyList<string>? RolesOf(Type page)
    {
        var roles = page.GetCustomAttributes<AuthorizeAttribute>()
            .Where(a => !string.IsNullOrWhiteSpace(a.Roles))
            .SelectMany(a => a.Roles!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct()
            .ToList();
        return roles.Count == 0 ? null : roles;
    }

    private static List<NavEntry> Discover(Assembly assembly) =>
        assembly.GetTypes()
            .Select(t => (Type: t, Nav: t.GetCustomAttribute<NavItemAttribute>(), Route: t.GetCustomAttribute<RouteAttribute>()))
            .Where(x => x.Nav is not null && x.Route is not null)
            .Select(x => new NavEntry(x.Nav!.Title, x.Nav.Icon, x.Route!.Template, x.Nav.Order, RolesOf(x.Type)))
            .OrderBy(e => e.Order)
            .ToList();
}
