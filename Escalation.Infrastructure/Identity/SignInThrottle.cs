using System.Collections.Concurrent;

namespace Escalation.Infrastructure.Identity;

/// <summary>
/// Slows password guessing without letting a stranger lock a clinician out. Failures are counted per client and
/// account together, per client across accounts (spraying), and per account across the clients that have never
/// signed in to it (a guesser with many addresses). Each count that reaches its limit blocks only that scope for
/// <see cref="SignInThrottleSettings.BlockFor"/>: the department head at her own workstation, or on a browser she
/// signed in with before, can still sign in to acknowledge while somebody elsewhere types wrong passwords for her.
/// Accounts are counted by the address typed, whether or not it exists, so a block says nothing about accounts.
/// </summary>
/// <remarks>
/// Counts live in this node's memory: a restart forgets them, and with several nodes a guesser gets each node's
/// allowance. Both only loosen the limits; neither can block anyone who should get in.
/// </remarks>
public sealed class SignInThrottle(
    SignInThrottleSettings settings,
    IDbContextFactory<EscalationDbContext> contexts,
    TimeProvider clock,
    ILogger<SignInThrottle> logger)
{
    public const string Actor = "system:sign-in";

    // Beyond this many counters, expired ones are dropped before a new one is added: a guesser typing random
    // addresses must not grow the table without end.
    private const int CompactAbove = 10_000;

    private readonly ConcurrentDictionary<(SignInThrottleScope Scope, string Key), Counter> _counters = new();

    /// <summary>When the attempt is refused without looking at the password: the end of the block that applies, if any.</summary>
    public DateTimeOffset? BlockedUntil(string account, string client, bool knownDevice)
    {
        var now = clock.GetUtcNow();
        var keys = KeysFor(Normalise(account), client, knownDevice);
        DateTimeOffset? until = null;
        foreach (var key in keys)
        {
            if (_counters.TryGetValue(key, out var counter) && counter.BlockedUntil(now) is { } end && (until is null || end > until))
            {
                until = end;
            }
        }

        return until;
    }

    /// <summary>
    /// Counts a wrong password (or an unknown account); a count that reaches its limit starts a block, audited. True
    /// when this attempt started a block, so the person is told now rather than at the next try.
    /// </summary>
    public async Task<bool> RecordFailureAsync(string account, string client, bool knownDevice, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var normalised = Normalise(account);
        Compact(now);
        var started = new List<SignInBlock>();
        foreach (var key in KeysFor(normalised, client, knownDevice))
        {
            var counter = _counters.GetOrAdd(key, _ => new Counter());
            if (counter.Fail(now, settings.Window, LimitOf(key.Scope), settings.BlockFor) is { } until)
            {
                started.Add(new SignInBlock(key.Scope, normalised, client, until, LimitOf(key.Scope)));
            }
        }

        foreach (var block in started)
        {
            logger.LogWarning("Sign-in blocked ({Scope}) until {Until} after {Count} failures", block.Scope, block.Until, block.Failures);
            await AuditAsync(block, now, cancellationToken);
        }

        return started.Count > 0;
    }

    /// <summary>The right password from this client: its count for the account starts again.</summary>
    public void RecordSuccess(string account, string client) =>
        _counters.TryRemove((SignInThrottleScope.ClientAndAccount, PairKey(Normalise(account), client)), out _);

    /// <summary>The blocks in force now, for administrators.</summary>
    public IReadOnlyList<SignInBlock> ActiveBlocks()
    {
        var now = clock.GetUtcNow();
        return _counters
            .Select(pair => (pair.Key, Until: pair.Value.BlockedUntil(now)))
            .Where(entry => entry.Until is not null)
            .Select(entry => entry.Key.Scope switch
            {
                SignInThrottleScope.ClientAndAccount => new SignInBlock(entry.Key.Scope, entry.Key.Key.Split('\n')[0], entry.Key.Key.Split('\n')[1], entry.Until!.Value, LimitOf(entry.Key.Scope)),
                SignInThrottleScope.Client => new SignInBlock(entry.Key.Scope, null, entry.Key.Key, entry.Until!.Value, LimitOf(entry.Key.Scope)),
                _ => new SignInBlock(entry.Key.Scope, entry.Key.Key, null, entry.Until!.Value, LimitOf(entry.Key.Scope)),
            })
            .OrderBy(b => b.Until)
            .ToList();
    }

    /// <summary>Whether some block in force names this account (the users page marks the person).</summary>
    public bool IsBlocked(string? email) =>
        email is not null && ActiveBlocks().Any(b => b.Account == Normalise(email));

    public static string Normalise(string account) => account.Trim().ToUpperInvariant();

    private static IEnumerable<(SignInThrottleScope Scope, string Key)> KeysFor(string account, string client, bool knownDevice)
    {
        yield return (SignInThrottleScope.ClientAndAccount, PairKey(account, client));
        yield return (SignInThrottleScope.Client, client);
        if (!knownDevice)
        {
            yield return (SignInThrottleScope.Account, account);
        }
    }

    private int LimitOf(SignInThrottleScope scope) => scope switch
    {
        SignInThrottleScope.ClientAndAccount => settings.MaxFailuresPerClientAndAccount,
        SignInThrottleScope.Client => settings.MaxFailuresPerClient,
        _ => settings.MaxFailuresPerAccount,
    };

    private static string PairKey(string account, string client) => $"{account}\n{client}";

    private void Compact(DateTimeOffset now)
    {
        if (_counters.Count <= CompactAbove)
        {
            return;
        }

        foreach (var (key, counter) in _counters)
        {
            if (counter.IsSpent(now, settings.Window))
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    private async Task AuditAsync(SignInBlock block, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var who = block.Scope switch
        {
            SignInThrottleScope.ClientAndAccount => $"sign-ins to {block.Account!.ToLowerInvariant()} from {block.Client}",
            SignInThrottleScope.Client => $"sign-ins from {block.Client}",
            _ => $"sign-ins to {block.Account!.ToLowerInvariant()} from browsers that never signed in to it",
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await AuditWriter.SaveAsync(db, [new AuditRecord(now, Actor, "SignInBlocked",
            Detail: $"{who} blocked until {block.Until:yyyy-MM-dd HH:mm:ss} UTC after {block.Failures} failed attempts")], cancellationToken);
    }

    /// <summary>Failures in the current window and the block they started; locked because attempts arrive in parallel.</summary>
    private sealed class Counter
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _windowStart;
        private int _failures;
        private DateTimeOffset? _blockedUntil;

        public DateTimeOffset? BlockedUntil(DateTimeOffset now)
        {
            lock (_lock)
            {
                return _blockedUntil is { } until && until > now ? until : null;
            }
        }

        /// <summary>Counts one failure; returns the end of the block when this failure started one.</summary>
        public DateTimeOffset? Fail(DateTimeOffset now, TimeSpan window, int limit, TimeSpan blockFor)
        {
            lock (_lock)
            {
                if (_blockedUntil is { } until && until > now)
                {
                    return null;
                }

                if (_failures == 0 || now - _windowStart >= window || _blockedUntil is not null)
                {
                    _windowStart = now;
                    _failures = 0;
                    _blockedUntil = null;
                }

                _failures++;
                if (_failures < limit)
                {
                    return null;
                }

                _blockedUntil = now + blockFor;
                return _blockedUntil;
            }
        }

        public bool IsSpent(DateTimeOffset now, TimeSpan window)
        {
            lock (_lock)
            {
                return (_blockedUntil is null || _blockedUntil <= now) && now - _windowStart >= window;
            }
        }
    }
}

public enum SignInThrottleScope
{
    /// <summary>One client guessing one account's password.</summary>
    ClientAndAccount,

    /// <summary>One client guessing many accounts' passwords.</summary>
    Client,

    /// <summary>Many clients guessing one account's password; browsers that signed in to it before are not held.</summary>
    Account,
}

/// <summary>A block in force: <see cref="Account"/> is the address as typed (upper case), known or not.</summary>
public sealed record SignInBlock(SignInThrottleScope Scope, string? Account, string? Client, DateTimeOffset Until, int Failures);

/// <summary>Limits under <c>Auth:</c>.</summary>
public sealed record SignInThrottleSettings(
    int MaxFailuresPerClientAndAccount,
    int MaxFailuresPerClient,
    int MaxFailuresPerAccount,
    TimeSpan Window,
    TimeSpan BlockFor);
