using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Telephony;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Escalation.Infrastructure.Paging;

public static class PagingRegistration
{
    /// <summary>
    /// SMS and voice pages through Twilio (docs/decisions/024). Without an account, SMS and voice pages stay queued
    /// in the outbox (and the inbox works) rather than each being recorded as failed.
    /// </summary>
    public static IServiceCollection AddPaging(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var twilio = configuration.GetSection(TwilioOptions.SectionName);
        services.AddTwilioTelephony(twilio);
        services.AddSingleton(configuration.GetSection(PagingOptions.Section).Get<PagingOptions>() ?? new PagingOptions());
        services.AddSingleton<TelephonyPaging>();
        // Twilio:Fake (a local demo's phone network) is started and wired by the web project, which hosts it.
        var demo = configuration.GetValue<bool>(TwilioOptions.DemoSetting);
        if (demo && (!environment.IsDevelopment() || !string.IsNullOrWhiteSpace(twilio["AccountSid"])))
        {
            throw new InvalidOperationException("Twilio:Fake is for local demos: Development only, and not together with a real Twilio:AccountSid.");
        }

        if (string.IsNullOrWhiteSpace(twilio["AccountSid"]) && !demo)
        {
            return services;
        }

        if (!demo && (string.IsNullOrWhiteSpace(twilio["AuthToken"]) || string.IsNullOrWhiteSpace(twilio["FromNumber"]) || string.IsNullOrWhiteSpace(twilio["PublicBaseUrl"])))
        {
            throw new InvalidOperationException("Twilio:AccountSid is set, so Twilio:AuthToken, Twilio:FromNumber and Twilio:PublicBaseUrl must be too.");
        }

        services.AddSingleton<IChannelSender>(sp => new TelephonySender(sp.GetRequiredService<TelephonyPaging>(), Domain.Ladders.Channels.Sms));
        services.AddSingleton<IChannelSender>(sp => new TelephonySender(sp.GetRequiredService<TelephonyPaging>(), Domain.Ladders.Channels.Voice));
        services.AddHostedService<TelephonyRetryService>();
        return services;
    }
}
