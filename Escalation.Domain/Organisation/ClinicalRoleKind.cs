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
