namespace Escalation.Tests.Hl7v2;

/// <summary>A test class on its own <see cref="Hl7v2App"/> on SQLite, started with the class's listener settings before each test.</summary>
public abstract class Hl7v2Test(IReadOnlyDictionary<string, string?> settings) : IAsyncLifetime
{
    protected Hl7v2App Hl7 { get; private set; } = default!;

    public async Task InitializeAsync() => Hl7 = await Hl7v2App.StartAsync(DatabaseProvider.Sqlite, settings);

    public async Task DisposeAsync() => await Hl7.DisposeAsync();
}
