using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Escalation.Infrastructure.Telephony;

namespace Escalation.Web.DemoTelephony;

/// <summary>
/// <c>Twilio:Fake</c> for local demos (Development only): the fake Twilio runs inside the app on 127.0.0.1, the app
/// pages through it as through Twilio, and <c>/admin/phones</c> plays the phone network (answer and press a key,
/// let it ring out, deliver a text). Nothing leaves the machine.
/// </summary>
public sealed class DemoTwilio : IAsyncDisposable
{

    private readonly Lazy<FakeTwilioServer> _server = new(() => FakeTwilioServer.StartAsync().GetAwaiter().GetResult());

    /// <summary>Started on first use: by the first page or the first look at the phones page.</summary>
    public FakeTwilioServer Server => _server.Value;

    public static bool IsOn(IConfiguration configuration) => configuration.GetValue<bool>(TwilioOptions.DemoSetting);

    /// <summary>
    /// Points the Twilio options at the fake, and Twilio's callbacks at this app's own first address. Options are
    /// read when the first page goes out, after the server is listening.
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<DemoTwilio>();
        services.AddSingleton<IPostConfigureOptions<TwilioOptions>>(sp => new PostConfigureOptions<TwilioOptions>(Options.DefaultName, options =>
        {
            var fake = sp.GetRequiredService<DemoTwilio>().Server;
            var configured = fake.CreateOptions(options.PublicBaseUrl ?? OwnAddress(sp));
            options.AccountSid = configured.AccountSid;
            options.AuthToken = configured.AuthToken;
            options.FromNumber = configured.FromNumber;
            options.ApiBaseUrl = configured.ApiBaseUrl;
            options.PublicBaseUrl = configured.PublicBaseUrl;
        }));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated)
        {
            await _server.Value.DisposeAsync();
        }
    }

    private static Uri OwnAddress(IServiceProvider services)
    {
        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Twilio:Fake needs the app's own address: the server is not listening yet; set Twilio:PublicBaseUrl.");
        // A wildcard binding ("http://+:80", "http://[::]:5080") is reached on this machine as localhost.
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "[::]" or "::" or "0.0.0.0")
        {
            uri.Host = "localhost";
        }

        return uri.Uri;
    }
}
