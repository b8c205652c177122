using Escalation.Infrastructure.Hl7v2;

namespace Escalation.Tests.Hl7v2;

/// <summary>
/// The app on a fresh test database with its HL7 v2 listener on 127.0.0.1 and a free port (default unit ED unless a
/// setting says otherwise), handed out once the listener is listening.
/// </summary>
public sealed class Hl7v2App : IAsyncDisposable
{
    private Hl7v2App(TestDatabase database, AppHost app, int port)
    {
        Database = database;
        App = app;
        Port = port;
    }

    public TestDatabase Database { get; }

    public AppHost App { get; }

    public int Port { get; }

    /// <param name="settings">Further <c>Hl7v2:</c> settings of the test; they win over the defaults here.</param>
    public static async Task<Hl7v2App> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var port = FreePort.Next();
        var all = new Dictionary<string, string?>
        {
            ["Hl7v2:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hl7v2:Address"] = "127.0.0.1",
            ["Hl7v2:DefaultUnitCode"] = "ED",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        AppHost? app = null;
        try
        {
            app = new AppHost(database.Options, settings: all).Start();
            await app.Services.GetRequiredService<MllpListener>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
            return new Hl7v2App(database, app, port);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
