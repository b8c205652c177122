using System.Diagnostics;
using Escalation.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Escalation.Tests.SqlServer;

/// <summary>
/// With <c>Database:Provider=SqlServer</c> and no server answering, both of these hold: a node that starts stops at
/// once with one line naming the server (the process is run for real); and a node already running whose server
/// goes away reports the database down on <c>/healthz/ready</c> (the app's own readiness checks, as registered).
/// Nothing listens on the port: a free loopback port is taken and left closed.
/// </summary>
[Trait("Category", "Unit")]
public sealed class UnreachableSqlServerTests
{
    private static string UnreachableConnectionString(int port) =>
        $"Server=127.0.0.1,{port};Database=Escalation;User Id=escalation;Password=unused;TrustServerCertificate=true;Connect Timeout=5";

    [Fact]
    public async Task Start_StopsAtOnce_WithOneLineNamingTheServer_AndNoStackTrace_WhenSqlServerIsUnreachable()
    {
        var port = FreePort.Next();
        var content = Directory.CreateTempSubdirectory("escalation-sqlserver-").FullName;
        try
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var output = Path.Combine(RepositoryPaths.WebProject, "bin", configuration, "net10.0");
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = output, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(output, "Escalation.Web.dll"));
            start.ArgumentList.Add("--contentRoot");
            start.ArgumentList.Add(content);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["Database__Provider"] = "SqlServer";
            start.Environment["ConnectionStrings__Escalation"] = UnreachableConnectionString(port);
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            var errorLines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var everything = await stdout + await stderr;
            Assert.Equal(1, process.ExitCode);
            var line = Assert.Single(errorLines);
            Assert.Contains($"SqlServer database server '127.0.0.1,{port}'", line);
            Assert.DoesNotContain("   at ", everything);
            Assert.DoesNotContain("Unhandled exception", everything);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        }
        finally
        {
            Directory.Delete(content, recursive: true);
        }
    }

    [Fact]
    public async Task ReadyCheck_SaysTheDatabaseIsDown_WhenSqlServerIsUnreachable()
    {
        var content = Directory.CreateTempSubdirectory("escalation-sqlserver-").FullName;
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development, ContentRootPath = content });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "SqlServer",
                ["ConnectionStrings:Escalation"] = UnreachableConnectionString(FreePort.Next()),
            });
            builder.AddInfrastructure();
            await using var services = builder.Services.BuildServiceProvider();

            var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains(DependencyInjection.ReadyTag));

            Assert.Equal(HealthStatus.Unhealthy, report.Status);
            Assert.Equal(HealthStatus.Unhealthy, report.Entries["database"].Status);
            Assert.Equal("Database unreachable.", report.Entries["database"].Description);
        }
        finally
        {
            Directory.Delete(content, recursive: true);
        }
    }
}
