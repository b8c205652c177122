namespace Escalation.Tests.Web;

/// <summary>The HTTP surface that needs no browser: health, headers, anonymous access rules.</summary>
public abstract class HttpSurfaceTests(DatabaseProvider provider) : AppTest(provider)
{
    private HttpClient _http = default!;

    protected override Task StartedAsync()
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(App.BaseUrl) };
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Health_IsAnonymous_AndReadyReportsDatabaseAndScheduler_WithoutInternals()
    {
        var live = await _http.GetAsync("/healthz");
        var ready = await _http.GetAsync("/healthz/ready");
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("scheduler").GetString());
        Assert.DoesNotContain("Host=", body);
        Assert.DoesNotContain("Data Source", body);
    }

    [Fact]
    public async Task Pages_RedirectToSignIn_AndApiAnswers401_WhenSignedOut()
    {
        var page = await _http.GetAsync("/admin/users");
        var api = await _http.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        var response = await _http.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task SignInForm_WithoutAntiforgeryToken_IsRejected_AndSignsNobodyIn()
    {
        var response = await _http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = "admin@demo.local",
            ["Input.Password"] = Escalation.Infrastructure.Seeding.DemoData.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("Escalation.Auth")));
    }

    [Fact]
    public async Task DemoUser_SignsInOverHttp_AndTheApiKnowsTheirRole()
    {
        using var client = await SignedInClientAsync("charge@demo.local");

        var me = await client.GetStringAsync("/api/me");

        using var json = JsonDocument.Parse(me);
        Assert.Equal("ChargeNurse", json.RootElement.GetProperty("role").GetString());
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsRejected_AndTheSessionSurvives()
    {
        using var client = await SignedInClientAsync("admin@demo.local");

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "x" }));
        var stillSignedIn = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
    }

    [Fact]
    public async Task SessionExpiredLink_DoesNotSignOutSomebodyWhoIsWorking()
    {
        using var client = await SignedInClientAsync("nurse@demo.local");

        var response = await client.GetAsync("/account/session-expired");
        var me = await client.GetAsync("/api/me");

        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_ShowsTheNotFoundPage_ToASignedInPerson()
    {
        using var client = await SignedInClientAsync("doctor@demo.local");

        var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no page here", await response.Content.ReadAsStringAsync());
    }

    private Task<HttpClient> SignedInClientAsync(string email) => HttpClients.SignedInAsync(App, email);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _http.Dispose();
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteHttpSurfaceTests() : HttpSurfaceTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresHttpSurfaceTests() : HttpSurfaceTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerHttpSurfaceTests() : HttpSurfaceTests(DatabaseProvider.SqlServer);
