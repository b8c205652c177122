namespace Escalation.Web.Security;

/// <summary>
/// Headers every response carries. The policy allows only our own scripts and connections (Blazor's websocket
/// is same-origin); MudBlazor sets inline styles and its theme provider writes a style element, hence 'unsafe-inline' for styles only.
/// Set when the response starts, so they hold for whatever the endpoint (or an error) wrote.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (ApiRequestGuard.IsApi(context.Request.Path) || context.Request.Path.StartsWithSegments("/twilio"))
            {
                // API answers carry patient data (a message, its caller, the roster export): no browser or proxy keeps a copy.
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
