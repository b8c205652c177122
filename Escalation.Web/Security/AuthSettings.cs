namespace Escalation.Web.Security;

/// <summary>Sign-in settings under <c>Auth:</c>.</summary>
public sealed class AuthSettings
{
    public const string Section = "Auth";

    /// <summary>Without keyboard, pointer or navigation for this long a session ends (clinical workstations are shared).</summary>
    public int IdleTimeoutMinutes { get; set; } = 15;

    /// <summary>Wrong passwords from one client for one address before that client is held for <see cref="LockoutMinutes"/>.</summary>
    public int MaxFailedAccessAttempts { get; set; } = 5;

    /// <summary>Wrong passwords from one client, over all addresses, before the client is held (password spraying).</summary>
    public int MaxFailedAccessAttemptsPerClient { get; set; } = 20;

    /// <summary>Wrong passwords for one address from browsers that never signed in to it, before those are held.</summary>
    public int MaxFailedAccessAttemptsPerAccount { get; set; } = 20;

    /// <summary>How long a block lasts, and the window failures are counted in.</summary>
    public int LockoutMinutes { get; set; } = 15;

    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(IdleTimeoutMinutes);
}
