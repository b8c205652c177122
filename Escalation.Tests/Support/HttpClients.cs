using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Escalation.Tests.Support;

public static partial class HttpClients
{
    /// <summary>Signs in the way a browser does: fetch the form, post it back with its antiforgery token.</summary>
    public static Task<HttpClient> SignedInAsync(AppHost app, string email, string password = DemoData.Password) =>
        SignedInAsync(app.BaseUrl, email, password);

    public static async Task<HttpClient> SignedInAsync(string baseUrl, string email, string password = DemoData.Password)
    {
        var cookies = await SignInAsync(baseUrl, email, password);
        return WithCookies(baseUrl, cookies, sameOrigin: true);
    }

    /// <summary>
    /// A client carrying a signed-in person's cookies. <paramref name="sameOrigin"/>: it sends what the app's own
    /// script sends (<c>Origin</c> of the app and <see cref="RequestedWithHeader"/>); without it, it sends only what
    /// the browser attaches by itself, as a form or script on another site would get.
    /// </summary>
    public static HttpClient WithCookies(string baseUrl, CookieContainer cookies, bool sameOrigin)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies })
        {
            BaseAddress = new Uri(baseUrl),
        };
        if (sameOrigin)
        {
            client.DefaultRequestHeaders.Add("Origin", new Uri(baseUrl).GetLeftPart(UriPartial.Authority));
            client.DefaultRequestHeaders.Add(RequestedWithHeader, "fetch");
        }

        return client;
    }

    /// <summary>The custom header the app asks of cookie-authenticated API writes: a cross-site form cannot send one.</summary>
    public const string RequestedWithHeader = "X-Requested-With";

    /// <summary>Signs in and returns the cookies (the session), for a test that needs to choose the headers sent with them.</summary>
    public static async Task<CookieContainer> SignInAsync(string baseUrl, string email, string password = DemoData.Password)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies })
        {
            BaseAddress = new Uri(baseUrl),
        };
        var form = await client.GetStringAsync("/account/login");
        var token = Token().Match(form).Groups[1].Value;
        Assert.NotEmpty(token);
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.AbsolutePath);
        return cookies;
    }

    /// <summary>Posts a Critical message to a unit as the client's caller; answers its id, after checking it was created.</summary>
    public static async Task<Guid> SendCriticalAsync(HttpClient client, Guid unit, string subject)
    {
        var response = await client.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject, body = "b", unitId = unit });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A unit's id by its code ("ED"), as any signed-in person reads it from /api/units.</summary>
    public static async Task<Guid> UnitIdAsync(HttpClient client, string code)
    {
        var units = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/units");
        return units.EnumerateArray().Single(u => u.GetProperty("code").GetString() == code).GetProperty("id").GetGuid();
    }

    public static HttpClient WithApiKey(AppHost app, string key) => WithApiKey(app.BaseUrl, key);

    public static HttpClient WithApiKey(string baseUrl, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
