using Escalation.Domain.Roster;
using Escalation.Infrastructure.Identity;
using Escalation.Infrastructure.Integrations;
using Microsoft.AspNetCore.Identity;

namespace Escalation.Infrastructure.Seeding;

/// <summary>Creates whatever part of the demo organisation is missing; running it again changes nothing.</summary>
public sealed class DemoDataSeeder(
    EscalationDbContext db,
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    ILogger<DemoDataSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (!await db.Organisation.AnyAsync(cancellationToken))
        {
            db.Organisation.Add(new OrganisationProfile(DemoData.OrganisationName, DemoData.TimeZone));
        }

        foreach (var demoUnit in DemoData.Units)
        {
            if (!await db.Units.AnyAsync(u => u.Code == demoUnit.Code, cancellationToken))
            {
                var unit = new Unit(demoUnit.Code, demoUnit.Name, DemoData.TimeZone);
                unit.AddStandardRoles();
                db.Units.Add(unit);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await EnsurePersonaRolesAsync(roles);

        foreach (var demoUser in DemoData.Users)
        {
            if (await users.FindByEmailAsync(demoUser.Email) is not null)
            {
                continue;
            }

            var homeUnit = demoUser.UnitCode is null
                ? null
                : await db.Units.Where(u => u.Code == demoUser.UnitCode).Select(u => (UnitId?)u.Id).SingleAsync(cancellationToken);
            var user = new ApplicationUser
            {
                UserName = demoUser.Email,
                Email = demoUser.Email,
                EmailConfirmed = true,
                DisplayName = demoUser.DisplayName,
                JobTitle = demoUser.JobTitle,
                HomeUnitId = homeUnit,
                PhoneNumber = demoUser.Phone,
                PhoneNumberConfirmed = demoUser.Phone is not null,
            };
            ThrowOnFailure(await users.CreateAsync(user, DemoData.Password), demoUser.Email);
            ThrowOnFailure(await users.AddToRoleAsync(user, demoUser.Role), demoUser.Email);
            logger.LogInformation("Seeded demo user {Email} ({Role})", demoUser.Email, demoUser.Role);
        }

        await SeedRosterAsync(cancellationToken);
        if (!await db.ScheduleSources.AnyAsync(cancellationToken))
        {
            // An upload source, so the roster page's import panel has somewhere to put a file straight away.
            var emergency = await db.Units.SingleAsync(u => u.Code == "ED", cancellationToken);
            db.ScheduleSources.Add(new RosterSync.ScheduleSource(DemoData.ScheduleSourceName, emergency.Id, RosterSync.Parsing.ScheduleFormat.CsvShifts,
                RosterSync.ScheduleTransport.Upload, null, "system:demo", DateTimeOffset.UnixEpoch));
            await db.SaveChangesAsync(cancellationToken);
        }

        var key = await db.ApiKeys.Include(k => k.Bindings).SingleOrDefaultAsync(k => k.Hash == ApiKey.HashOf(DemoData.IntegrationKey), cancellationToken);
        if (key is null)
        {
            key = ApiKey.FromKnownKey("Development integration", DemoData.IntegrationSourceName, DemoData.IntegrationKey, "system:demo", DateTimeOffset.UnixEpoch);
            db.ApiKeys.Add(key);
        }

        // What the demo does with the key (README: curl a message or a call to any demo unit, push the ED schedule,
        // post lab results as FHIR source dev-integration). Bound once: a key bound to nothing is a new key, or a demo
        // database upgraded from before bindings; an administrator's later edit is left alone.
        if (key.Bindings.Count == 0 && key.IsActive)
        {
            var codes = DemoData.Units.Select(d => d.Code).ToList();
            var units = await db.Units.Where(u => codes.Contains(u.Code)).Select(u => u.Id).ToListAsync(cancellationToken);
            var sources = await db.ScheduleSources.Where(s => s.Name == DemoData.ScheduleSourceName).Select(s => s.Id).ToListAsync(cancellationToken);
            key.Bind(new KeyBinding(sources, DemoData.IntegrationSourceName, units.Select(u => u.Value).ToList()));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedRosterAsync(CancellationToken cancellationToken)
    {
        var emergency = await db.Units.Include(u => u.Roles).SingleAsync(u => u.Code == "ED", cancellationToken);
        var roleIds = emergency.Roles.Select(r => r.Id).ToList();
        if (await db.RoleAssignments.AnyAsync(a => roleIds.Contains(a.RoleId), cancellationToken))
        {
            return;
        }

        foreach (var (email, kind) in DemoData.EmergencyRoster)
        {
            var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"Demo user {email} missing.");
            var role = emergency.Roles.Single(r => r.Kind == kind);
            // Open-ended from long before now: the demo is on duty whatever the clock says.
            db.RoleAssignments.Add(new RoleAssignment(role.Id, user.Id, DateTimeOffset.UnixEpoch, null, "system:demo"));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The four persona roles exist in every installation, demo or not.</summary>
    public static async Task EnsurePersonaRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in PersonaRole.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                ThrowOnFailure(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }
    }

    private static void ThrowOnFailure(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Seeding {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
