using Escalation.Domain.Common;

namespace Escalation.Infrastructure.Access;

/// <summary>
/// Who may do what to a message, and whose units a person reads: one written rule per action (the table is in
/// docs/architecture.md, "Who may do what"). <see cref="Engine.EscalationEngine"/> applies the rules inside the
/// transaction that changes the message, on the message as it is then; pages and endpoints ask the same rules only to
/// decide what to show. Nobody else writes "may act for the unit" or works out a home unit.
/// </summary>
public sealed class MessageAccess(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    private static readonly Result ReadOnly = Result.Fail("read-only", "Compliance reads messages; it never changes them.");

    /// <summary>
    /// The person as the database knows them now, not as their sign-in claims remembered them: a home unit changed
    /// or an account deactivated an hour ago counts at once.
    /// </summary>
    public async Task<Caller> CallerAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var person = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.IsActive, u.HomeUnitId }).SingleOrDefaultAsync(cancellationToken);
        if (person is null || !person.IsActive)
        {
            return new Caller(userId, null, null);
        }

        var roles = await (from userRole in db.UserRoles
                           join role in db.Roles on userRole.RoleId equals role.Id
                           where userRole.UserId == userId
                           select role.Name).ToListAsync(cancellationToken);
        // One persona role per person is what the users page sets; should a second one appear, read-only wins over
        // any right to change messages, then the order of PersonaRole.All.
        var persona = roles.Contains(PersonaRole.Compliance) ? PersonaRole.Compliance : PersonaRole.All.FirstOrDefault(roles.Contains);
        return new Caller(userId, persona, person.HomeUnitId);
    }

    /// <summary>The message if the caller may see it; null alike for "does not exist" and "not yours", so ids reveal nothing.</summary>
    public async Task<Message?> FindVisibleAsync(Caller caller, MessageId id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.AsNoTracking().Include(m => m.Deliveries).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        return message is not null && MayView(caller, message) ? message : null;
    }

    /// <summary>Administrators act for every unit; a charge nurse for their home unit only. Compliance acts for none.</summary>
    public static bool MayActForUnit(Caller caller, UnitId unit) =>
        caller.IsAdministrator || (caller.IsChargeNurse && caller.HomeUnitId == unit);

    /// <summary>See a message: its sender, its recipients, whoever acts for its unit, and compliance (read only).</summary>
    public static bool MayView(Caller caller, Message message) =>
        message.CreatedBy == caller.UserId
        || IsRecipient(caller, message)
        || MayActForUnit(caller, message.UnitId)
        || caller.IsCompliance;

    /// <summary>Acknowledge: a recipient for themself, or somebody acting for the unit on its behalf. Never compliance.</summary>
    public static Result MayAcknowledge(Caller caller, Message message) =>
        caller.IsCompliance ? ReadOnly
        : IsRecipient(caller, message) || MayActForUnit(caller, message.UnitId) ? Result.Ok
        : Result.Fail("not-recipient", "This message was not delivered to you.");

    /// <summary>Close with an outcome: the same people who may acknowledge it.</summary>
    public static Result MayClose(Caller caller, Message message) => MayAcknowledge(caller, message);

    /// <summary>
    /// Escalate now: somebody acting for the unit; or the recipient of the current layer answering its voice page,
    /// which offers "press 2 to escalate now". Never compliance.
    /// </summary>
    public static Result MayEscalate(Caller caller, Message message) =>
        caller.IsCompliance ? ReadOnly
        : MayActForUnit(caller, message.UnitId)
          || (caller.AnsweringTheirPhonePage && message.Deliveries.Any(d => d.RecipientId == caller.UserId && d.Layer == message.CurrentLayer)) ? Result.Ok
        : Result.Fail("not-for-unit", "Only the unit's charge nurse or an administrator can escalate a message by hand.");

    /// <summary>Reassign: somebody acting for the unit, and only to a person <see cref="MayReceiveAsync"/> allows.</summary>
    public static Result MayReassign(Caller caller, Message message) =>
        caller.IsCompliance ? ReadOnly
        : MayActForUnit(caller, message.UnitId) ? Result.Ok
        : Result.Fail("not-for-unit", "Only the unit's charge nurse or an administrator can reassign a message.");

    /// <summary>Reply on the thread: anyone who may see the message, except compliance. A reply never acknowledges.</summary>
    public static Result MayReply(Caller caller, Message message) => caller.IsCompliance ? ReadOnly : Result.Ok;

    /// <summary>Call the answering-service caller back: recipients, the sender, whoever acts for the unit. Not compliance.</summary>
    public static bool MayCallBack(Caller caller, Message message) =>
        !caller.IsCompliance && (IsRecipient(caller, message) || message.CreatedBy == caller.UserId || MayActForUnit(caller, message.UnitId));

    /// <summary>
    /// The units whose board, roster and metrics the caller reads: null for every unit (administrators, compliance),
    /// a charge nurse's home unit, or none.
    /// </summary>
    public static IReadOnlyCollection<UnitId>? UnitScope(Caller caller) =>
        caller.IsAdministrator || caller.IsCompliance ? null
        : caller.IsChargeNurse && caller.HomeUnitId is { } home ? [home]
        : [];

    public static bool MayReadUnit(Caller caller, UnitId unit) => UnitScope(caller) is not { } units || units.Contains(unit);

    /// <summary>The people a message of <paramref name="unit"/> may be reassigned to now, for the board's picker.</summary>
    public async Task<IReadOnlyList<string>> ReassignableAsync(UnitId unit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await EligibleRecipientsAsync(db, unit, clock.GetUtcNow(), null, cancellationToken);
    }

    /// <summary>
    /// Who may be handed a message of a unit: an active clinician (persona Clinician or ChargeNurse) who holds a role
    /// in that unit: it is their home unit, or they are on its roster (a shift not yet over, a rotation or a backup
    /// window still in force). Never compliance, never an administrator as such, never a deactivated account.
    /// </summary>
    public static async Task<bool> MayReceiveAsync(EscalationDbContext db, UnitId unit, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await EligibleRecipientsAsync(db, unit, now, userId, cancellationToken)).Count > 0;

    private static bool IsRecipient(Caller caller, Message message) => message.Deliveries.Any(d => d.RecipientId == caller.UserId);

    private static async Task<IReadOnlyList<string>> EligibleRecipientsAsync(EscalationDbContext db, UnitId unit, DateTimeOffset now, string? only, CancellationToken cancellationToken)
    {
        var roles = db.ClinicalRoles.Where(r => r.UnitId == unit).Select(r => r.Id);
        var rostered = await db.RoleAssignments.Where(a => roles.Contains(a.RoleId) && (a.EndsAt == null || a.EndsAt > now)).Select(a => a.UserId)
            .Union(db.BackupContacts.Where(b => roles.Contains(b.RoleId) && (b.EffectiveUntil == null || b.EffectiveUntil > now)).Select(b => b.UserId))
            .ToListAsync(cancellationToken);
        // Participants are stored as one text column, so they are read whole.
        foreach (var rotation in await db.Rotations.AsNoTracking().Where(r => roles.Contains(r.RoleId) && (r.EffectiveUntil == null || r.EffectiveUntil > now)).ToListAsync(cancellationToken))
        {
            rostered.AddRange(rotation.Participants);
        }

        var clinical = from userRole in db.UserRoles
                       join role in db.Roles on userRole.RoleId equals role.Id
                       where role.Name == PersonaRole.Clinician || role.Name == PersonaRole.ChargeNurse
                       select userRole.UserId;
        var compliance = from userRole in db.UserRoles
                         join role in db.Roles on userRole.RoleId equals role.Id
                         where role.Name == PersonaRole.Compliance
                         select userRole.UserId;
        var people = db.Users.AsNoTracking().Where(u => u.IsActive && clinical.Contains(u.Id) && !compliance.Contains(u.Id));
        if (only is not null)
        {
            people = people.Where(u => u.Id == only);
        }

        var unitId = unit;
        return await people.Where(u => u.HomeUnitId == unitId || rostered.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
    }
}
