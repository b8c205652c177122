using Escalation.Infrastructure.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OpenTelemetry.Resources;

namespace Escalation.Web.Configuration;

/// <summary>
/// OpenTelemetry for operators (docs/decisions/033): the "Escalation" meter and activity source, ASP.NET Core's
/// requests, and the logs (each carrying the trace id of the span it was written in), sent over OTLP HTTP/protobuf
/// to OTEL_EXPORTER_OTLP_ENDPOINT. Unset, nothing is exported and /admin/system still shows the key figures.
/// </summary>
internal static class TelemetrySetup
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddEscalationTelemetry(this WebApplicationBuilder builder)
    {
        var endpoint = builder.Configuration[EndpointSetting];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "escalation"))
            .WithMetrics(metrics => metrics.AddMeter(EscalationTelemetry.Name).AddAspNetCoreInstrumentation())
            .WithTracing(tracing => tracing.AddSource(EscalationTelemetry.Name).AddAspNetCoreInstrumentation(options =>
            {
                // The circuit's long-lived WebSocket and static files would drown the requests that do something.
                options.Filter = context => !context.Request.Path.StartsWithSegments("/_blazor") && !context.Request.Path.StartsWithSegments("/_framework");
            }))
            .WithLogging(_ => { }, (OpenTelemetryLoggerOptions options) =>
            {
                // The template and its structured values, not the rendered line: values are ids by our logging rule,
                // and the template keeps a collector's grouping stable.
                options.IncludeFormattedMessage = false;
                options.IncludeScopes = false;
            })
            // One endpoint for the three signals, each at its /v1/... path, as the OTLP specification has it.
            .UseOtlpExporter(OtlpExportProtocol.HttpProtobuf, new Uri(endpoint));
        return builder;
    }
}
