using System.Diagnostics;

namespace Escalation.Tests.Support;

/// <summary>
/// Real app processes (the built Escalation.Web.dll, Development, demo organisation) on one database: the nodes of
/// a cluster as a hospital runs them, each with its own memory, Quartz scheduler and listener. Killed at the end.
/// </summary>
public sealed class AppProcesses : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    public IReadOnlyList<Process> Processes => _processes;

    /// <summary>Starts a node and waits for /healthz/ready; start nodes one at a time, so only the first migrates and seeds.</summary>
    public async Task<string> StartAsync(string provider, string connectionString, IDictionary<string, string>? environment = null)
    {
        var port = FreePort.Next();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var output = Path.Combine(RepositoryPaths.WebProject, "bin", configuration, "net10.0");
        var baseUrl = $"http://localhost:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(output, "Escalation.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = provider;
        start.Environment["ConnectionStrings__Escalation"] = connectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);

        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        await Eventually.UntilAsync(async () =>
        {
            try
            {
                return (await http.GetAsync("/healthz/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ready => ready, TimeSpan.FromSeconds(120));
        return baseUrl;
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to Quartz or PostgreSQL.</summary>
    public static void Kill(Process process)
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            Kill(process);
        }

        return ValueTask.CompletedTask;
    }
}
