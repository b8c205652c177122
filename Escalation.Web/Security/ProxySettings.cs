using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Escalation.Web.Security;

/// <summary>
/// Behind a load balancer that ends TLS, the app must learn the original scheme and client address from
/// X-Forwarded-* headers, or it would issue cookies for plain http. Off unless configured, and then only
/// from the proxies named in <c>ForwardedHeaders:KnownProxies</c>.
/// </summary>
internal static class ProxySettings
{
    public static void AddProxySupport(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("ForwardedHeaders");
        if (!section.GetValue<bool>("Enabled"))
        {
            return;
        }

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
    }
}
