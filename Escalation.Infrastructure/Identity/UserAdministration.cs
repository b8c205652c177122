using System.Security.Cryptography;
using Escalation.Domain.Common;
using Escalation.Infrastructure.Answering;
using Microsoft.AspNetCore.Identity;

namespace Escalation.Infrastructure.Identity;

public sealed record UserChange(string DisplayName, string? JobTitle, string PersonaRole, Guid? HomeUnitId, string? Phone, bool PhoneVerified, bool IsActive);

/// <summary>
/// Creates and changes people for the administrator's users page: persona role, home unit, phone, active or not.
/// Every change is audited; a deactivated person keeps their history, cannot sign in, and is never paged.
/// </summary>
public sealed class UserAdministration(UserManager<ApplicationUser> users, IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    private const string PhoneError = "Write the phone number in E.164 form, for example +15555550123.";

    /// <summary>Creates a person with a one-time password that the administrator hands over (shown once).</summary>
    public async Task<(string UserId, string Password)> CreateAsync(string email, UserChange change, string actor)
    {
        Validate(change);
        var password = "Tmp-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y') + "9!";
        var user = new ApplicationUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true };
        Apply(user, change);
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, change.PersonaRole));
        await AuditAsync(actor, "UserCreated", $"{user.Email}: {change.PersonaRole}, home unit {change.HomeUnitId?.ToString() ?? "none"}");
        return (user.Id, password);
    }

    public async Task UpdateAsync(string userId, UserChange change, string actor)
    {
        Validate(change);
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("No such person.");
        var wasActive = user.IsActive;
        var homeBefore = user.HomeUnitId;
        Apply(user, change);
        Check(await users.UpdateAsync(user));
        var roles = await users.GetRolesAsync(user);
        if (!roles.SequenceEqual([change.PersonaRole]))
        {
            Check(await users.RemoveFromRolesAsync(user, roles));
            Check(await users.AddToRoleAsync(user, change.PersonaRole));
        }

        // Signs them out everywhere at the next revalidation: a security stamp change invalidates their cookies, which
        // carry the role and the home unit a charge nurse acts for.
        if ((wasActive && !user.IsActive) || !roles.SequenceEqual([change.PersonaRole]) || homeBefore != user.HomeUnitId)
        {
            Check(await users.UpdateSecurityStampAsync(user));
        }

        await AuditAsync(actor, wasActive && !user.IsActive ? "UserDeactivated" : "UserChanged",
            $"{user.Email}: {change.PersonaRole}, home unit {change.HomeUnitId?.ToString() ?? "none"}, active {user.IsActive}, phone {(user.PhoneNumber is null ? "none" : user.PhoneNumberConfirmed ? "verified" : "not verified")}");
    }

    /// <summary>
    /// Sets a person's phone for SMS and voice, and whether it is verified (an administrator who called it back); an
    /// empty number removes it. A layer that places calls only counts someone reachable by phone once it is verified.
    /// The audit shows the number masked as everywhere else (<see cref="PhoneNumbers.Mask"/>).
    /// </summary>
    public async Task<Result> SetPhoneAsync(string userId, string? phone, bool verified, string actor, CancellationToken cancellationToken = default)
    {
        var number = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        if (number is not null && !PhoneNumbers.IsE164(number))
        {
            return Result.Fail("invalid-number", PhoneError);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var person = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (person is null)
        {
            return Result.Fail("not-found", "No such person.");
        }

        person.PhoneNumber = number;
        person.PhoneNumberConfirmed = number is not null && verified;
        await AuditWriter.SaveAsync(db, [new AuditRecord(clock.GetUtcNow(), actor, "PhoneChanged",
            Detail: $"{person.Email}: {(number is null ? "no phone" : $"{PhoneNumbers.Mask(number)} {(person.PhoneNumberConfirmed ? "verified" : "not verified")}")}")], cancellationToken);
        return Result.Ok;
    }

    private static void Apply(ApplicationUser user, UserChange change)
    {
        user.DisplayName = change.DisplayName.Trim();
        user.JobTitle = string.IsNullOrWhiteSpace(change.JobTitle) ? null : change.JobTitle.Trim();
        user.HomeUnitId = change.HomeUnitId is { } unit ? new UnitId(unit) : null;
        user.PhoneNumber = string.IsNullOrWhiteSpace(change.Phone) ? null : change.Phone.Trim();
        user.PhoneNumberConfirmed = user.PhoneNumber is not null && change.PhoneVerified;
        user.IsActive = change.IsActive;
    }

    private static void Validate(UserChange change)
    {
        if (string.IsNullOrWhiteSpace(change.DisplayName) || change.DisplayName.Length > 200)
        {
            throw new ArgumentException("A person has a name of 1 to 200 characters.");
        }

        if (!PersonaRole.All.Contains(change.PersonaRole))
        {
            throw new ArgumentException($"The role is one of {string.Join(", ", PersonaRole.All)}.");
        }

        if (!string.IsNullOrWhiteSpace(change.Phone) && !PhoneNumbers.IsE164(change.Phone.Trim()))
        {
            throw new ArgumentException(PhoneError);
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new ArgumentException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private Task AuditAsync(string actor, string kind, string detail) =>
        AuditWriter.RecordAsync(contexts, new AuditRecord(clock.GetUtcNow(), actor, kind, Detail: detail));
}
