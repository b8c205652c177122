namespace Escalation.Web.Security;

/// <summary>Sign-in settings under <c>Auth:</c>.</summary>
public sealed class AuthSettings
{
    public const string Section = "Auth";

    /// <summary>Without keyboard, pointer or navigation for this long a session ends (clinical workstations are shared).</summary>
    public int IdleTimeoutMinutes { get; set; } = 15;

    public int MaxFailedAccessAttempts { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(IdleTimeoutMinutes);
}
