namespace Escalation.Web.Security;

internal static class SessionClaims
{
    /// <summary>Names one sign-in, so idle tracking and sign-out act on that session and not on the person's other devices.</summary>
    public const string SessionId = "escalation:sid";
}
