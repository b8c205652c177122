namespace Escalation.Tests.Components.Admin;

/// <summary>
/// <see cref="ComponentTestContext"/> for components with MudBlazor inputs: their key interceptor service can only be
/// disposed asynchronously, and xunit 2 disposes a test class synchronously unless it is an <see cref="IAsyncLifetime"/>.
/// </summary>
public abstract class AdminComponentTestContext : ComponentTestContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
