using Escalation.Infrastructure.Access;

namespace Escalation.Tests.Support;

/// <summary>Who calls the engine in a test that drives it directly (the app builds them with <see cref="MessageAccess.CallerAsync"/>).</summary>
public static class Callers
{
    /// <summary>A clinician with no unit to act for: what they may do they may do as a recipient or a sender.</summary>
    public static Caller Clinician(string userId) => new(userId, PersonaRole.Clinician, null);

    public static Caller ChargeNurse(string userId, UnitId unit) => new(userId, PersonaRole.ChargeNurse, unit);

    public static Caller Compliance(string userId) => new(userId, PersonaRole.Compliance, null);
}
