using Bunit;
using MudBlazor.Services;

namespace Escalation.Tests.Components;

/// <summary>
/// A bunit context with MudBlazor's services and a test clock: component tests drive time, never wait for it.
/// MudBlazor's JavaScript calls are answered loosely (bunit has no browser); what a component shows is the test's.
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    protected TestClock Clock { get; } = new(new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero));

    protected ComponentTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Clock);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's key interceptor (chips, icon buttons) can only be disposed asynchronously: xunit calls this
    // before Dispose, so the services are gone by then.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
