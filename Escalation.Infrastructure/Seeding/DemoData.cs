namespace Escalation.Infrastructure.Seeding;

/// <summary>The demo organisation a newcomer signs in to. Development only; README lists these accounts as local-only.</summary>
public static class DemoData
{
    public const string Password = "Demo!2026";

    public const string OrganisationName = "Riverside General Hospital (demo)";

    public const string TimeZone = "America/New_York";

    /// <summary>Development only, written in README: lets a newcomer post a message with curl straight away.</summary>
    public const string IntegrationKey = "dev-integration-key";

    /// <summary>
    /// The demo key's source name, which is also the FHIR source it is bound to. The key is bound to every demo unit as a
    /// practice and to the <see cref="ScheduleSourceName"/> schedule source (docs/decisions/019).
    /// </summary>
    public const string IntegrationSourceName = "dev-integration";

    public static IReadOnlyList<DemoUnit> Units { get; } =
    [
        new("ED", "Emergency"),
        new("MED", "Medical Ward"),
        new("CARD", "Cardiology"),
    ];

    public static IReadOnlyList<DemoUser> Users { get; } =
    [
        new("admin@demo.local", "Alex Morgan", "Practice administrator", PersonaRole.Administrator, null),
        new("charge@demo.local", "Casey Rivera", "Charge nurse", PersonaRole.ChargeNurse, "ED"),
        new("nurse@demo.local", "Nora Patel", "Registered nurse", PersonaRole.Clinician, "ED"),
        new("doctor@demo.local", "Dr. Daniel Okafor", "Attending physician", PersonaRole.Clinician, "ED", "+15555550103"),
        new("head@demo.local", "Dr. Helen Park", "Head of Emergency Medicine", PersonaRole.Clinician, "ED", "+15555550104"),
        new("compliance@demo.local", "Chris Lindqvist", "Compliance officer", PersonaRole.Compliance, null),
    ];

    /// <summary>
    /// Who holds which Emergency role in the demo. Nobody is on call as on-call physician, and Medical Ward and
    /// Cardiology have no one on duty: the roster gaps the product must route around and show.
    /// </summary>
    public static IReadOnlyList<(string Email, ClinicalRoleKind Role)> EmergencyRoster { get; } =
    [
        ("nurse@demo.local", ClinicalRoleKind.PrimaryNurse),
        ("charge@demo.local", ClinicalRoleKind.ChargeNurse),
        ("doctor@demo.local", ClinicalRoleKind.Attending),
        ("head@demo.local", ClinicalRoleKind.DepartmentHead),
    ];

    public sealed record DemoUnit(string Code, string Name);

    /// <summary>The upload source the roster page offers for the Emergency unit's schedule exports.</summary>
    public const string ScheduleSourceName = "ED scheduling export";

    /// <summary><paramref name="Phone"/> is verified: Layer 4 calls it (555-01xx numbers are reserved for fiction).</summary>
    public sealed record DemoUser(string Email, string DisplayName, string JobTitle, string Role, string? UnitCode, string? Phone = null);
}
