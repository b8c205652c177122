namespace Escalation.Infrastructure.Access;

/// <summary>
/// Who is asking, as the use cases need to know it: the person, their persona role and their home unit, read by
/// <see cref="MessageAccess.CallerAsync"/> from the database (never assembled by a page or an endpoint from a claim
/// of its own choosing). An integration key, an unknown or a deactivated person has no persona role.
/// </summary>
public sealed record Caller(string UserId, string? PersonaRole, UnitId? HomeUnitId)
{
    /// <summary>
    /// The person answered the voice page placed to them and pressed a key: they are the called recipient, which is
    /// what lets them move the message on ("press 2") without acting for the unit.
    /// </summary>
    public bool AnsweringTheirPhonePage { get; init; }

    public bool IsAdministrator => PersonaRole == Domain.Organisation.PersonaRole.Administrator;

    public bool IsChargeNurse => PersonaRole == Domain.Organisation.PersonaRole.ChargeNurse;

    public bool IsCompliance => PersonaRole == Domain.Organisation.PersonaRole.Compliance;
}
