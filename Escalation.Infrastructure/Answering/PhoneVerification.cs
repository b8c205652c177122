using System.Security.Cryptography;
using System.Text;

namespace Escalation.Infrastructure.Answering;

/// <summary>
/// A person's pending phone verification, one row per person: the code's hash (never the code), when it expires,
/// how many tries it has had, and the request counts the rate limit reads. A new request replaces the code.
/// </summary>
public sealed class PhoneVerification
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(15);
    public const int MaxTries = 5;
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public const int MaxRequestsPerWindow = 5;

    private PhoneVerification()
    {
        UserId = PhoneNumber = Salt = string.Empty;
    }

    public PhoneVerification(string userId)
        : this()
    {
        UserId = userId;
    }

    public string UserId { get; private set; }

    public string PhoneNumber { get; private set; }

    /// <summary>HMAC-SHA256 of the person, the number and the code, keyed with <see cref="Salt"/>; null once used.</summary>
    public string? CodeHash { get; private set; }

    public string Salt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>Tries at the current code, counted before each is checked so that parallel guesses cannot exceed the limit.</summary>
    public int Tries { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public DateTimeOffset WindowStartedAt { get; private set; }

    public int RequestsInWindow { get; private set; }

    public int TriesLeft => CodeHash is null ? 0 : Math.Max(0, MaxTries - Tries);

    /// <summary>Why a new code may not be sent now, or null. A row that never sent a code has nothing to limit.</summary>
    public string? RateLimit(DateTimeOffset now)
    {
        if (RequestsInWindow == 0)
        {
            return null;
        }

        if (now - RequestedAt < MinInterval)
        {
            return $"A code was sent a moment ago: wait {Math.Ceiling((MinInterval - (now - RequestedAt)).TotalSeconds):0} s before asking for another.";
        }

        if (now - WindowStartedAt < Window && RequestsInWindow >= MaxRequestsPerWindow)
        {
            return $"At most {MaxRequestsPerWindow} codes an hour: ask again after {(WindowStartedAt + Window - now).TotalMinutes:0} min.";
        }

        return null;
    }

    /// <summary>Issues <paramref name="code"/> for <paramref name="phoneNumber"/>, replacing any earlier code.</summary>
    public void Issue(string phoneNumber, string code, DateTimeOffset now)
    {
        PhoneNumber = phoneNumber;
        Salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        CodeHash = Hash(code);
        ExpiresAt = now + CodeLifetime;
        Tries = 0;
        RequestedAt = now;
        if (now - WindowStartedAt >= Window)
        {
            WindowStartedAt = now;
            RequestsInWindow = 0;
        }

        RequestsInWindow++;
    }

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is not { } expires || now >= expires;

    /// <summary>Compares in constant time, so the time taken says nothing about how close a guess was.</summary>
    public bool Matches(string code) =>
        CodeHash is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(code)), Encoding.ASCII.GetBytes(CodeHash));

    /// <summary>The code worked: it cannot be used again.</summary>
    public void Consume()
    {
        CodeHash = null;
        ExpiresAt = null;
    }

    /// <summary>A fresh 6-digit code from the cryptographic random generator, leading zeros kept.</summary>
    public static string NewCode() =>
        RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    // Keyed with a random salt and bound to the person and the number: a code is worthless for anyone else. A
    // six-digit space stays guessable offline from a stolen row; the 15-minute life is what limits that.
    private string Hash(string code) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Salt), Encoding.UTF8.GetBytes($"{UserId}\n{PhoneNumber}\n{code}")));
}
