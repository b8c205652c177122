using Escalation.Infrastructure.Identity;

namespace Escalation.Infrastructure.Organisation;

public sealed record UnitDto(Guid Id, string Code, string Name, string TimeZoneId, IReadOnlyList<ClinicalRoleDto> Roles);

public sealed record ClinicalRoleDto(Guid Id, ClinicalRoleKind Kind, string Name);

public sealed record PersonDto(
    string Id,
    string Email,
    string DisplayName,
    string? JobTitle,
    IReadOnlyList<string> PersonaRoles,
    string? HomeUnitCode,
    string? HomeUnitName,
    bool IsActive,
    bool IsLockedOut, // sign-in blocked now: an older lockout, or a SignInThrottle block naming the address
    string? Phone = null,
    bool PhoneVerified = false);

public sealed record OrganisationSummary(string Name, string TimeZoneId, int UnitCount, int RoleCount, IReadOnlyDictionary<string, int> PeopleByPersonaRole, int LockedOutCount);

/// <summary>Read side of the organisation for the home pages and the organisation page.</summary>
public sealed class OrganisationDirectory(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock, SignInThrottle throttle)
{
    public async Task<IReadOnlyList<UnitDto>> GetUnitsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().Include(u => u.Roles).OrderBy(u => u.Name).ToListAsync(cancellationToken);
        return units.Select(ToDto).ToList();
    }

    public async Task<PersonDto?> GetPersonAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await QueryPeopleAsync(db, db.Users.Where(u => u.Id == userId), cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<PersonDto>> GetPeopleAsync(Guid? homeUnitId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Users.AsQueryable();
        if (homeUnitId is { } unitId)
        {
            var id = new UnitId(unitId);
            query = query.Where(u => u.HomeUnitId == id);
        }

        return await QueryPeopleAsync(db, query, cancellationToken);
    }

    /// <summary>The organisation's time zone (UTC until one is set): the one lookup pages and services share.</summary>
    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.OrganisationZoneAsync(cancellationToken);
    }

    public async Task<OrganisationSummary> GetSummaryAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var profile = await db.Organisation.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var people = await QueryPeopleAsync(db, db.Users, cancellationToken);
        var byRole = PersonaRole.All.ToDictionary(r => r, r => people.Count(p => p.IsActive && p.PersonaRoles.Contains(r)));
        return new OrganisationSummary(
            profile?.Name ?? "Organisation not set up",
            profile?.TimeZoneId ?? "UTC",
            await db.Units.CountAsync(cancellationToken),
            await db.ClinicalRoles.CountAsync(cancellationToken),
            byRole,
            people.Count(p => p.IsLockedOut));
    }

    private async Task<IReadOnlyList<PersonDto>> QueryPeopleAsync(EscalationDbContext db, IQueryable<ApplicationUser> users, CancellationToken cancellationToken)
    {
        var rows = await users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, cancellationToken);
        var now = clock.GetUtcNow();
        return rows.Select(u =>
        {
            var unit = u.HomeUnitId is { } unitId && units.TryGetValue(unitId, out var found) ? found : null;
            return new PersonDto(
                u.Id,
                u.Email ?? u.UserName ?? u.Id,
                u.DisplayName,
                u.JobTitle,
                roles.Where(r => r.UserId == u.Id && r.Name is not null).Select(r => r.Name!).OrderBy(n => n).ToList(),
                unit?.Code,
                unit?.Name,
                u.IsActive,
                (u.LockoutEnd is { } end && end > now) || throttle.IsBlocked(u.Email),
                u.PhoneNumber,
                u.PhoneNumberConfirmed);
        }).ToList();
    }

    private static UnitDto ToDto(Unit unit) => new(
        unit.Id.Value,
        unit.Code,
        unit.Name,
        unit.TimeZoneId,
        unit.Roles.OrderBy(r => r.Kind).ThenBy(r => r.Name).Select(r => new ClinicalRoleDto(r.Id.Value, r.Kind, r.Name)).ToList());
}
