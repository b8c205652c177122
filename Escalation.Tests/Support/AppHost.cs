using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Escalation.Tests.Support;

/// <summary>
/// The real app, started in this process on Kestrel at a free loopback port, on a real database, with the test clock
/// as its only <see cref="TimeProvider"/>.
/// </summary>
public sealed class AppHost : WebApplicationFactory<Program>
{
    private readonly DatabaseOptions _database;
    private readonly string _environment;
    private readonly Dictionary<string, string?> _settings;
    private readonly List<Action<IServiceCollection>> _services = [];

    public AppHost(DatabaseOptions database, string environment = "Development", IDictionary<string, string?>? settings = null, TestClock? clock = null)
    {
        Clock = clock ?? new TestClock();
        _database = database;
        _environment = environment;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Escalation"] = database.ConnectionString,
        };
        Port = FreePort.Next();
        UseKestrel(Port);
    }

    /// <summary>The app's only clock, Quartz's included (it takes the container's TimeProvider).</summary>
    public TestClock Clock { get; }

    public int Port { get; }

    /// <summary>localhost, not 127.0.0.1: browsers treat it as a secure context, as they do the real site.</summary>
    public string BaseUrl => $"http://localhost:{Port}";

    /// <summary>A setting that needs the app's own address (a webhook base URL, say): set after construction, before <see cref="Start"/>.</summary>
    public AppHost With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Replaces or wraps a service of the app (a counting wrapper around a real one, say): before <see cref="Start"/>.</summary>
    public AppHost WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    public AppHost Start()
    {
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }
}
