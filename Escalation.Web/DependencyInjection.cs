using Escalation.Web.Components;
using Escalation.Web.Configuration;
using Escalation.Web.Endpoints;
using Escalation.Web.Security;
using Radzen;

namespace Escalation.Web;

public static class DependencyInjection
{
    public static WebApplicationBuilder AddWebServices(this WebApplicationBuilder builder)
    {
        builder.AddEnvironmentSettingsFromOutput();
        builder.AddProxySupport();
        builder.AddEscalationAuthentication();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddRadzenComponents();
        builder.Services.AddAntiforgery(options => options.Cookie.Name = "Escalation.Antiforgery");
        return builder;
    }

    public static WebApplication UseWebPipeline(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("ForwardedHeaders:Enabled"))
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapBlazorScript();
        app.MapHealthEndpoints();
        app.MapAccountEndpoints();
        app.MapApiEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
