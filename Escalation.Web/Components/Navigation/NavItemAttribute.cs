namespace Escalation.Web.Components.Navigation;

/// <summary>
/// Puts a page in the side navigation. Who sees the entry comes from the page's own [Authorize(Roles = ...)],
/// so the menu can never offer a page that would then refuse the person.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NavItemAttribute(string title, string icon, int order) : Attribute
{
    public string Title { get; } = title;

    /// <summary>A MudBlazor icon (an SVG path constant such as <c>Icons.Material.Filled.Home</c>).</summary>
    public string Icon { get; } = icon;

    public int Order { get; } = order;
}
