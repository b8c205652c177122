using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Escalation.Tests.Components.Admin;

[Trait("Category", "Scratch")]
public sealed class ScratchMarkupTests : AdminComponentTestContext
{
    [Fact]
    public void Dump()
    {
        var t = Render<MudTextField<string>>(p => p.Add(x => x.Label, "Email").Add(x => x.Variant, Variant.Outlined).Add(x => x.Value, "a").AddUnmatched("data-testid", "x").Add(x => x.HelperText, "help"));
        File.WriteAllText("/tmp/admin-markup.html", t.Markup + "\n\n");
        var c = Render<MudCheckBox<bool>>(p => p.Add(x => x.Label, "CARD Cardiology").AddUnmatched("data-testid", "cb"));
        File.AppendAllText("/tmp/admin-markup.html", c.Markup + "\n\n");
        var s = Render<MudSwitch<bool>>(p => p.Add(x => x.Label, "Send").AddUnmatched("data-testid", "sw"));
        File.AppendAllText("/tmp/admin-markup.html", s.Markup + "\n\n");
        var b = Render<MudButton>(p => p.Add(x => x.ButtonType, ButtonType.Submit).Add(x => x.Variant, Variant.Filled).Add(x => x.Color, Color.Primary).AddChildContent("Sign in"));
        File.AppendAllText("/tmp/admin-markup.html", b.Markup + "\n\n");
    }
}
