namespace Escalation.Domain.Organisation;

/// <summary>
/// The clinical roles a ladder layer can address. <see cref="Other"/> covers roles an administrator adds
/// (a rapid-response nurse, a pharmacist on call) that the default ladders do not know about.
/// </summary>
public enum ClinicalRoleKind
{
    PrimaryNurse,
    ChargeNurse,
    Attending,
    OnCallPhysician,
    DepartmentHead,
    Other,
}

/// <summary>A role kind as people say it, in the audit trail and on every page: "Charge nurse", never "ChargeNurse".</summary>
public static class ClinicalRoleKindWords
{
    /// <summary>The name of a role kind in the words of the standard unit roles (Unit.AddStandardRoles).</summary>
    public static string Words(this ClinicalRoleKind kind) => kind switch
    {
        ClinicalRoleKind.PrimaryNurse => "Primary nurse",
        ClinicalRoleKind.ChargeNurse => "Charge nurse",
        ClinicalRoleKind.Attending => "Attending physician",
        ClinicalRoleKind.OnCallPhysician => "On-call physician",
        ClinicalRoleKind.DepartmentHead => "Department head",
        _ => "Other role",
    };
}
