using Escalation.Web.Components;
using Microsoft.AspNetCore.Diagnostics;
using Escalation.Web.Configuration;
using Escalation.Web.Endpoints;
using MudBlazor.Services;
using System.Text.Json.Serialization.Metadata;

namespace Escalation.Web;

public static class DependencyInjection
{
    public static WebApplicationBuilder AddWebServices(this WebApplicationBuilder builder)
    {
        builder.AddEnvironmentSettingsFromOutput();
        builder.AddProxySupport();
        builder.AddEscalationAuthentication();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<Escalation.Web.Components.Shared.OrganisationTime>();
        builder.Services.AddAntiforgery(options => options.Cookie.Name = "Escalation.Antiforgery");
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.AddEscalationTelemetry();
        if (DemoTelephony.DemoTwilio.IsOn(builder.Configuration))
        {
            DemoTelephony.DemoTwilio.Register(builder.Services);
        }
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            json.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            // {"tier":"Routine",...,"tier":"Critical"} must not mean whichever a reader happens to keep.
            json.AllowDuplicateProperties = false;
            // Every string of every request body meets the text rules; a field's [Text] says where it differs.
            json.Converters.Add(TextJsonConverter.Default);
            json.TypeInfoResolver = (json.TypeInfoResolver ?? new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver())
                .WithAddedModifier(TextJsonConverter.ApplyFieldLimits);
        });
        // A body the JSON reader refuses throws, so that ApiRequestGuard can say which field and why (instead of a bare 400).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
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
        // People get the "no page here" page; API callers get the bare status (or the problem details it carries).
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.Use((context, next) =>
        {
            if ((context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/fhir") || context.Request.Path.StartsWithSegments("/twilio")) && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            return next(context);
        });
        app.UseAuthentication();
        // After authentication (the cookie rule needs to know who is calling), before authorization (so an integration
        // key hears 415 for a wrong Content-Type, not the fallback policy's 401).
        app.UseMiddleware<ApiRequestGuard>();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthEndpoints();
        app.MapAccountEndpoints();
        app.MapApiEndpoints();
        app.MapMessageEndpoints();
        app.MapAdminEndpoints();
        app.MapLabRulesEndpoints();
        app.MapRosterEndpoints();
        app.MapNoticeEndpoints();
        app.MapMetricsEndpoints();
        app.MapComplianceEndpoints();
        app.MapFhirEndpoints();
        app.MapTwilioEndpoints();
        app.MapFhirCommunicationEndpoints();
        app.MapAnsweringEndpoints();
        app.MapFhirRoutingEndpoints();
        app.MapOpenApi().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
