using Microsoft.Net.Http.Headers;

namespace Escalation.Web.Endpoints;

internal static class BlazorScriptEndpoint
{
    /// <summary>
    /// Serves the Blazor script that build/BlazorScript.targets extracts into the output folder
    /// (docs/decisions/001). When the official .NET 10 pack is available, delete this and the targets import.
    /// </summary>
    public static void MapBlazorScript(this IEndpointRouteBuilder app)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "blazor-script", "blazor.web.js");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: build the Escalation.Web project to extract it.");
        }

        var etag = new EntityTagHeaderValue($"\"{File.GetLastWriteTimeUtc(path).Ticks:x}\"");
        app.MapGet("/_framework/blazor.web.js", () =>
                Results.File(path, "text/javascript", lastModified: File.GetLastWriteTimeUtc(path), entityTag: etag))
            .AllowAnonymous();
    }
}
