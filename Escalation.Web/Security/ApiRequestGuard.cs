using System.Text.Json;
using Escalation.Web.Endpoints;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Metadata;

namespace Escalation.Web.Security;

/// <summary>
/// The rules every <c>/api</c> and <c>/fhir</c> request meets before an endpoint runs, in one place rather than in each
/// endpoint (docs/architecture.md, "Input rules and cross-site requests"):
/// <list type="bullet">
/// <item>A write made with the sign-in cookie carries <see cref="RequestedWithHeader"/> and an <c>Origin</c> of this
/// site, or gets 403 <c>cross-site-request</c>. A form or a script on another site can make the browser attach the
/// cookie, but it cannot add a custom header without a CORS preflight we never grant, and the browser states its
/// <c>Origin</c>. SameSite=Lax alone lets a same-site page (another app under the same registrable domain) through.
/// Requests with an <c>Authorization</c> header (integration keys) are not cookie requests.</item>
/// <item>A JSON endpoint sent another media type answers 415 with a reason, after authentication (routing picks its
/// 415 endpoint before the endpoint's own policy is known, and the fallback policy only knows the cookie, so an
/// integration key used to get a bare 401).</item>
/// <item>A JSON body is at most <see cref="MaxJsonBodyBytes"/>: 413.</item>
/// <item>A body the JSON reader refuses (bad JSON, a duplicate property, a wrong type, a refused text) is a 400 that
/// names the field. Minimal APIs throw these (<c>RouteHandlerOptions.ThrowOnBadRequest</c>) so that the reason
/// reaches us; elsewhere their bare status is kept.</item>
/// </list>
/// </summary>
internal sealed class ApiRequestGuard(RequestDelegate next, ILogger<ApiRequestGuard> logger)
{
    public const string RequestedWithHeader = "X-Requested-With";

    /// <summary>Far above any request record (a message body is at most 10,000 characters); files and FHIR have their own limits.</summary>
    public const long MaxJsonBodyBytes = 1024 * 1024;

    // AcceptsMatcherPolicy's endpoint for "no endpoint here takes this Content-Type".
    private const string UnsupportedMediaTypeEndpoint = "415 HTTP Unsupported Media Type";

    public async Task InvokeAsync(HttpContext context)
    {
        var api = IsApi(context.Request.Path);
        if (api && await RefuseAsync(context) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            logger.LogInformation("Refused {Method} {Path}: {Status} {Reason}", context.Request.Method, context.Request.Path, exception.StatusCode, exception.Message);
            context.Response.Clear();
            if (api)
            {
                await Describe(exception).ExecuteAsync(context);
            }
            else
            {
                // A form post with a bad antiforgery token and the like: the bare status the framework answers when it
                // does not throw. Not re-executed as the "no page here" page: that would run the form's checks again.
                if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
                {
                    pages.Enabled = false;
                }

                context.Response.StatusCode = exception.StatusCode;
            }
        }
    }

    internal static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/fhir");

    private static async Task<IResult?> RefuseAsync(HttpContext context)
    {
        var request = context.Request;
        var endpoint = context.GetEndpoint();
        var write = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));
        var cookie = context.User.Identity?.IsAuthenticated == true && !request.Headers.ContainsKey("Authorization");
        if (write && cookie && CrossSite(request) is { } why)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused", detail: why,
                extensions: new Dictionary<string, object?> { ["code"] = "cross-site-request" });
        }

        if (endpoint?.DisplayName == UnsupportedMediaTypeEndpoint)
        {
            // Only a caller who is somebody learns what the endpoint takes; anybody else gets the usual 401.
            var known = context.User.Identity?.IsAuthenticated == true
                || (await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName)).Succeeded;
            return known
                ? Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send application/json",
                    detail: $"This endpoint reads a JSON body (Content-Type: application/json), not '{request.ContentType}'.",
                    extensions: new Dictionary<string, object?> { ["code"] = "unsupported-media-type" })
                : null;
        }

        if (endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 } && !await BufferJsonBodyAsync(context))
        {
            return TooLarge();
        }

        return null;
    }

    /// <summary>
    /// Reads a JSON body of at most <see cref="MaxJsonBodyBytes"/> into memory for the endpoint; false when it is larger.
    /// A larger body is read and dropped up to the server's own limit, whether or not it was announced by
    /// Content-Length, so the client hears the 413 instead of a reset connection.
    /// </summary>
    private static async Task<bool> BufferJsonBodyAsync(HttpContext context)
    {
        var request = context.Request;
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > MaxJsonBodyBytes)
                {
                    await request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
                    return false;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }

        buffer.Position = 0;
        request.Body = buffer;
        context.Response.RegisterForDispose(buffer);
        return true;
    }

    /// <summary>Why a cookie-authenticated write is not the app's own call, or null when it is.</summary>
    private static string? CrossSite(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        var self = $"{request.Scheme}://{request.Host}";
        if (!string.Equals(origin, self, StringComparison.OrdinalIgnoreCase))
        {
            return origin.Length == 0
                ? "A change made with the sign-in cookie must state its Origin."
                : $"A change made with the sign-in cookie must come from this site, not from '{origin}'.";
        }

        return string.IsNullOrEmpty(request.Headers[RequestedWithHeader])
            ? $"A change made with the sign-in cookie must carry the {RequestedWithHeader} header, as the app's own pages send it."
            : null;
    }

    private static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The body is too large",
            detail: $"A JSON body is at most {MaxJsonBodyBytes / 1024:N0} KB.", extensions: new Dictionary<string, object?> { ["code"] = "too-large" });

    private static IResult Describe(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }

        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send application/json", detail: exception.Message);
        }

        var json = exception.InnerException as JsonException;
        var field = FieldOf(json?.Path);
        var reason = json switch
        {
            TextRuleException text => text.Message,
            null => exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "is required: a JSON body." : "is not valid.",
            // System.Text.Json says so in its message only; its resources are not localised here.
            _ when json.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) || json.Message.Contains("duplicate", StringComparison.Ordinal)
                => "appears more than once; send each property once.",
            _ when json.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase) => "is nested too deeply.",
            _ when field == "json" => $"is not a valid JSON object{(json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "")}.",
            _ => "has a value of the wrong type or format.",
        };
        return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"{field} {reason}"] }, title: "The request is not valid");
    }

    /// <summary>"$.layers[0].roles" as "layers[0].roles"; the body itself is "json"; a very deep path by its first property.</summary>
    internal static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "json";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        if (field.StartsWith("['", StringComparison.Ordinal))
        {
            // A property name STJ had to quote (odd characters): keep it short and printable.
            field = field.Length > 64 ? field[..64] : field;
        }
        else if (field.Length > 64)
        {
            var end = field.IndexOfAny(['.', '[']);
            field = end > 0 ? field[..end] : field[..64];
        }

        return field.Length == 0 ? "json" : field;
    }
}
