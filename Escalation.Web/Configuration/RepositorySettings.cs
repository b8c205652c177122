using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Escalation.Web.Configuration;

internal static class RepositorySettings
{
    /// <summary>
    /// appsettings.Development.json lives at the repository root and is copied beside the app at build time.
    /// It is layered right after the content root's environment file, so environment variables and the command line
    /// still override it exactly as they override any appsettings file.
    /// </summary>
    public static void AddEnvironmentSettingsFromOutput(this WebApplicationBuilder builder)
    {
        var fileName = $"appsettings.{builder.Environment.EnvironmentName}.json";
        var sources = builder.Configuration.Sources;
        var after = sources.Select((source, index) => (source, index))
            .LastOrDefault(s => s.source is JsonConfigurationSource json && string.Equals(json.Path, fileName, StringComparison.OrdinalIgnoreCase));
        var position = after.source is null ? 0 : after.index + 1;
        sources.Insert(position, new JsonConfigurationSource
        {
            Path = fileName,
            Optional = true,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
    }
}
