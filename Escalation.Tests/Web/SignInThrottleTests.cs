using System.Net.Sockets;
using System.Text.RegularExpressions;
using Escalation.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Escalation.Tests.Web;

/// <summary>
/// Issue 13, probe item 9: sign-in told who has an account (a lockout message only for real ones, 59 ms against 8 ms
/// for a wrong password) and let anybody lock the department head out for 15 minutes with five wrong passwords.
/// Each client here is a real TCP connection from its own loopback address (127.0.0.2, 127.0.0.3, ...).
/// </summary>
[Trait("Category", "Sqlite")]
public sealed partial class SignInThrottleTests : AppTest
{
    private const int PerClientAndAccount = 3;
    private const int PerClient = 8;
    private const int PerAccount = 6;
    private const string Head = "head@demo.local";
    private const string WrongPassword = "Wrong!2026x";

    private readonly CountingHasher _hasher = new();

    protected override Task<AppHost> CreateAppAsync(DatabaseOptions database) =>
        Task.FromResult(new AppHost(database, "Development", new Dictionary<string, string?>
        {
            ["Auth:MaxFailedAccessAttempts"] = PerClientAndAccount.ToString(),
            ["Auth:MaxFailedAccessAttemptsPerClient"] = PerClient.ToString(),
            ["Auth:MaxFailedAccessAttemptsPerAccount"] = PerAccount.ToString(),
        }).WithServices(services =>
        {
            services.RemoveAll<IPasswordHasher<ApplicationUser>>();
            services.AddSingleton<IPasswordHasher<ApplicationUser>>(_hasher);
        }));

    [Fact]
    public async Task Probe09_UnknownAndKnownAccounts_GetTheSameAnswer_AndTheSamePasswordHashWork()
    {
        using var client = Client("127.0.0.2");

        var before = _hasher.Verifications;
        var known = await SignInAsync(client, Head, WrongPassword);
        var knownWork = _hasher.Verifications - before;
        before = _hasher.Verifications;
        var unknown = await SignInAsync(client, "nobody-here@demo.local", WrongPassword);
        var unknownWork = _hasher.Verifications - before;

        Assert.Equal("Email or password is not correct.", known.Error);
        Assert.Equal(known.Error, unknown.Error);
        Assert.Equal(1, knownWork);
        Assert.Equal(knownWork, unknownWork);

        // Held alike, from the failure that reaches the limit on: the block names no account, and the unknown address
        // is held exactly as the real one.
        for (var attempt = 2; attempt < PerClientAndAccount; attempt++)
        {
            Assert.Equal(known.Error, (await SignInAsync(client, Head, WrongPassword)).Error);
            Assert.Equal(known.Error, (await SignInAsync(client, "nobody-here@demo.local", WrongPassword)).Error);
        }

        var knownHeld = await SignInAsync(client, Head, WrongPassword);
        var unknownHeld = await SignInAsync(client, "nobody-here@demo.local", WrongPassword);
        Assert.StartsWith("Too many failed sign-ins.", knownHeld.Error);
        Assert.Equal(knownHeld.Error, unknownHeld.Error);
        Assert.DoesNotContain("locked", knownHeld.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(knownHeld.Error, (await SignInAsync(client, Head, WrongPassword)).Error);
        Assert.Equal(knownHeld.Error, (await SignInAsync(client, "nobody-here@demo.local", WrongPassword)).Error);
    }

    [Fact]
    public async Task Probe09_StrangerTypingWrongPasswords_DoesNotKeepTheHeadFromSigningIn()
    {
        using var stranger = Client("127.0.0.2");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await SignInAsync(stranger, Head, WrongPassword);
        }

        // The stranger is held, even with the right password.
        var strangerWithPassword = await SignInAsync(stranger, Head, DemoData.Password);
        Assert.False(strangerWithPassword.SignedIn);
        Assert.StartsWith("Too many failed sign-ins.", strangerWithPassword.Error);

        // The head, at her own workstation, signs in at once: no account lock.
        using var workstation = Client("127.0.0.3");
        Assert.True((await SignInAsync(workstation, Head, DemoData.Password)).SignedIn);
    }

    [Fact]
    public async Task Probe09_GuessesFromManyClients_HoldNewComputers_ButNotABrowserTheHeadSignedInOnBefore()
    {
        using var headsBrowser = Client("127.0.0.3");
        Assert.True((await SignInAsync(headsBrowser, Head, DemoData.Password)).SignedIn);
        await SignOutAsync(headsBrowser);

        // A guesser with many addresses, each under the per-client limit, together past the per-account one.
        for (var i = 0; i < PerAccount; i++)
        {
            using var guesser = Client($"127.0.1.{i + 1}");
            var answer = (await SignInAsync(guesser, Head, WrongPassword)).Error!;
            if (i < PerAccount - 1)
            {
                Assert.Equal("Email or password is not correct.", answer);
            }
            else
            {
                Assert.StartsWith("Too many failed sign-ins.", answer);
            }
        }

        using var newComputer = Client("127.0.2.1");
        var held = await SignInAsync(newComputer, Head, DemoData.Password);
        Assert.False(held.SignedIn);
        Assert.StartsWith("Too many failed sign-ins.", held.Error);

        Assert.True((await SignInAsync(headsBrowser, Head, DemoData.Password)).SignedIn);
    }

    [Fact]
    public async Task Probe09_OneClientTryingManyAddresses_IsHeld_AndTheBlockEndsAfterItsTime()
    {
        using var sprayer = Client("127.0.0.4");
        for (var i = 0; i < PerClient; i++)
        {
            await SignInAsync(sprayer, $"guess{i}@demo.local", WrongPassword);
        }

        var held = await SignInAsync(sprayer, "nurse@demo.local", DemoData.Password);
        Assert.StartsWith("Too many failed sign-ins.", held.Error);

        App.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        Assert.True((await SignInAsync(sprayer, "nurse@demo.local", DemoData.Password)).SignedIn);
    }

    [Fact]
    public async Task Probe09_Blocks_AreAudited_AndShownToAdministrators()
    {
        using var stranger = Client("127.0.0.5");
        for (var attempt = 0; attempt < PerClientAndAccount; attempt++)
        {
            await SignInAsync(stranger, Head, WrongPassword);
        }

        await using (var db = new TestContextFactory(Database.Options).CreateDbContext())
        {
            var entry = await db.AuditEntries.SingleAsync(e => e.Kind == "SignInBlocked");
            Assert.Equal(SignInThrottle.Actor, entry.Actor);
            Assert.Contains("head@demo.local from 127.0.0.5", entry.Detail);
            Assert.Contains($"after {PerClientAndAccount} failed attempts", entry.Detail);
        }

        using var admin = Client("127.0.0.6");
        Assert.True((await SignInAsync(admin, "admin@demo.local", DemoData.Password)).SignedIn);
        var page = await admin.GetStringAsync("/admin/users");
        Assert.Contains("data-testid=\"sign-in-block\"", page);
        Assert.Contains("head@demo.local", page);
        Assert.Contains("127.0.0.5", page);
        Assert.Contains("Sign-in blocked", page);
    }

    private HttpClient Client(string source)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(App.BaseUrl) };
    }

    private static async Task<(bool SignedIn, string? Error)> SignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var token = TokenPattern().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            return (true, null);
        }

        // The page's error element, read as a browser would (its text, wherever the alert nests it).
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var error = page.QuerySelector("[data-testid=login-error]");
        Assert.True(error is not null, $"No sign-in error on the page ({(int)response.StatusCode}).");
        return (false, error.TextContent.Trim());
    }

    private static async Task SignOutAsync(HttpClient client)
    {
        var home = await client.GetStringAsync("/");
        var token = TokenPattern().Match(home).Groups[1].Value;
        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>The real hasher, counting its verifications: the work a sign-in does, whatever the clock says.</summary>
    private sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(ApplicationUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
