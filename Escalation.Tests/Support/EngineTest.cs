namespace Escalation.Tests.Support;

/// <summary>
/// A test class on the <see cref="EngineHarness"/>: a fresh database with one unit and its ladder, and the engine on
/// a test clock, made before each test and dropped after it. What every test of the class also needs goes in
/// <see cref="StartedAsync"/>.
/// </summary>
public abstract class EngineTest(DatabaseProvider provider) : IAsyncLifetime
{
    protected EngineHarness Harness { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Harness = await EngineHarness.CreateAsync(provider);
        await StartedAsync();
    }

    public virtual async Task DisposeAsync() => await Harness.DisposeAsync();

    protected virtual Task StartedAsync() => Task.CompletedTask;
}
