using System.Text.Json;
using Escalation.Infrastructure.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Escalation.Web.Security;

public enum SignInOutcome
{
    Succeeded,
    Failed,

    /// <summary>Too many failures from here or for this address: refused without looking at the password.</summary>
    Throttled,
}

/// <summary>
/// Password sign-in that tells nobody which accounts exist (the same answer, and the same password-hash work, for an
/// unknown address), throttled by <see cref="SignInThrottle"/>, and the session id that idle tracking keys on.
/// </summary>
internal sealed class SignInService(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    IPasswordHasher<ApplicationUser> hasher,
    SignInThrottle throttle,
    IDataProtectionProvider protection,
    IHttpContextAccessor http,
    IWebHostEnvironment environment,
    IdleSessionTracker idle,
    ILogger<SignInService> logger)
{
    /// <summary>Remembers, in this browser, the accounts that signed in here: they are not held by the per-account block.</summary>
    public const string DeviceCookie = "Escalation.Device";

    // Browsers at a shared nurses' station collect many accounts; the oldest drop off beyond this.
    private const int AccountsPerDevice = 50;

    // A hash of a password nobody knows, verified for unknown addresses so that they cost what a real account costs.
    private static readonly Lazy<string> DecoyHash = new(() =>
        new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    public async Task<SignInOutcome> SignInAsync(string email, string password)
    {
        var context = http.HttpContext ?? throw new InvalidOperationException("Sign-in outside a request.");
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var account = SignInThrottle.Normalise(email);
        var device = DeviceAccounts(context);
        var knownDevice = device.Contains(account);
        if (throttle.BlockedUntil(account, client, knownDevice) is not null)
        {
            logger.LogInformation("Sign-in refused while throttled");
            return SignInOutcome.Throttled;
        }

        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            hasher.VerifyHashedPassword(new ApplicationUser(), DecoyHash.Value, password);
            logger.LogInformation("Sign-in failed for unknown account");
            return await throttle.RecordFailureAsync(account, client, knownDevice) ? SignInOutcome.Throttled : SignInOutcome.Failed;
        }

        // Identity's own lockout is off: a lock on the account would let anybody who knows a clinician's address keep
        // her out. The throttle blocks the guesser instead.
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        if (check.IsLockedOut)
        {
            // An account an older version locked: the password was not checked, so spend what a check costs.
            hasher.VerifyHashedPassword(user, DecoyHash.Value, password);
        }

        // A deactivated person is told the same as a wrong password: the sign-in page reveals nothing about accounts.
        if (!check.Succeeded || !user.IsActive)
        {
            logger.LogInformation("Sign-in failed for {UserId}", user.Id);
            return await throttle.RecordFailureAsync(account, client, knownDevice) ? SignInOutcome.Throttled : SignInOutcome.Failed;
        }

        throttle.RecordSuccess(account, client);
        RememberDevice(context, device, account);
        var sessionId = Guid.NewGuid().ToString("N");
        idle.Touch(sessionId);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(SessionClaims.SessionId, sessionId)]);
        logger.LogInformation("Signed in {UserId}", user.Id);
        return SignInOutcome.Succeeded;
    }

    private List<string> DeviceAccounts(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(DeviceCookie, out var value) || string.IsNullOrEmpty(value))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<string>>(Protector.Unprotect(value)) ?? [];
        }
        catch (Exception exception) when (exception is System.Security.Cryptography.CryptographicException or JsonException)
        {
            // Forged, or written under keys long retired: the browser is simply not known.
            return [];
        }
    }

    private void RememberDevice(HttpContext context, List<string> accounts, string account)
    {
        accounts.Remove(account);
        accounts.Add(account);
        if (accounts.Count > AccountsPerDevice)
        {
            accounts.RemoveRange(0, accounts.Count - AccountsPerDevice);
        }

        context.Response.Cookies.Append(DeviceCookie, Protector.Protect(JsonSerializer.Serialize(accounts)), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = !environment.IsDevelopment() || context.Request.IsHttps,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(180),
            Path = "/account",
        });
    }

    private IDataProtector Protector => protection.CreateProtector("Escalation.SignIn.KnownDevice");
}
