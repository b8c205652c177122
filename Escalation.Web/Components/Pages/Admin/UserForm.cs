using Escalation.Infrastructure.Identity;

namespace Escalation.Web.Components.Pages.Admin;

/// <summary>
/// The add-or-edit form of the users page, and the two rules it checks before asking the server: a new person needs
/// the address they sign in with, and an administrator cannot lock themselves out (deactivate themselves or give up
/// their own administrator role).
/// </summary>
public sealed class UserForm
{
    /// <summary>The person edited; null while the form adds somebody new.</summary>
    public string? EditingId { get; private init; }

    public bool IsNew => EditingId is null;

    public string? Email { get; set; }

    public string? DisplayName { get; set; }

    public string? JobTitle { get; set; }

    public string PersonaRole { get; set; } = Domain.Organisation.PersonaRole.Clinician;

    public Guid? HomeUnitId { get; set; }

    public string? Phone { get; set; }

    public bool PhoneVerified { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>The form filled with a person's current settings; <paramref name="detail"/> adds the phone the list leaves out.</summary>
    public static UserForm ForPerson(PersonDto person, PersonDto? detail, IEnumerable<UnitDto> units)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new UserForm
        {
            EditingId = person.Id,
            Email = person.Email,
            DisplayName = person.DisplayName,
            JobTitle = person.JobTitle,
            PersonaRole = person.PersonaRoles.FirstOrDefault() ?? Domain.Organisation.PersonaRole.Clinician,
            HomeUnitId = units.FirstOrDefault(u => u.Code == person.HomeUnitCode)?.Id,
            Phone = detail?.Phone,
            PhoneVerified = detail?.PhoneVerified ?? false,
            IsActive = person.IsActive,
        };
    }

    public UserChange ToChange() => new(DisplayName ?? string.Empty, JobTitle, PersonaRole, HomeUnitId, Phone, PhoneVerified, IsActive);

    /// <summary>Why the form cannot be saved by <paramref name="actorId"/> as it is, in the administrator's words; null when it can.</summary>
    public string? Refusal(string actorId)
    {
        if (IsNew)
        {
            return string.IsNullOrWhiteSpace(Email) || !Email.Contains('@', StringComparison.Ordinal)
                ? "Give an e-mail address: it is how they sign in."
                : null;
        }

        return EditingId == actorId && (!IsActive || PersonaRole != Domain.Organisation.PersonaRole.Administrator)
            ? "You cannot deactivate yourself or give up your own administrator role."
            : null;
    }

    /// <summary>What the result line says once the server saved the change.</summary>
    public string SavedText() => $"{DisplayName} saved{(IsActive ? "" : ": deactivated, signed out, and no longer paged")}.";
}
