namespace Escalation.Tests.Support;

/// <summary>
/// A test class that drives the demo app over HTTP: a fresh database and the app on it, started before each test and
/// stopped after it, so each test starts from the demo organisation alone. Settings go in <see cref="CreateApp"/>;
/// sign-ins and look-ups every test needs in <see cref="StartedAsync"/>; a class holding more (a client, a fake
/// server, a browser) overrides <see cref="DisposeAsync"/> to let it go beside the base.
/// </summary>
public abstract class AppTest(DatabaseProvider provider = DatabaseProvider.Sqlite) : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = default!;

    protected AppHost App { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        App = (await CreateAppAsync(Database.Options)).Start();
        await StartedAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>The app, not yet started; async so that a fake the app's settings point at can be started first.</summary>
    protected virtual Task<AppHost> CreateAppAsync(DatabaseOptions database) => Task.FromResult(new AppHost(database));

    protected virtual Task StartedAsync() => Task.CompletedTask;
}
