namespace Escalation.Domain.Organisation;

/// <summary>
/// What a person may do in the product (sign-in roles), as opposed to <see cref="ClinicalRole"/>, which is
/// what they do on the ward. A department head is a Clinician persona holding the department-head clinical role.
/// </summary>
public static class PersonaRole
{
    public const string Administrator = nameof(Administrator);
    public const string ChargeNurse = nameof(ChargeNurse);
    public const string Clinician = nameof(Clinician);
    public const string Compliance = nameof(Compliance);

    public static IReadOnlyList<string> All { get; } = [Administrator, ChargeNurse, Clinician, Compliance];

    public static string DisplayName(string role) => role switch
    {
        ChargeNurse => "Charge nurse",
        _ => role,
    };
}
