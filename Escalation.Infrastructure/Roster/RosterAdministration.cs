using Escalation.Domain.Common;
using Escalation.Domain.Roster;
using Escalation.Infrastructure.Engine;

namespace Escalation.Infrastructure.Roster;

public sealed record OverrideRequest(Guid RoleId, OverrideKind Kind, string UserId, string? ReplacedUserId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, [Text(500)] string? Reason);

public sealed record RotationRequest(
    Guid RoleId, string Name, IReadOnlyList<string> Participants, RotationUnit Unit, int Length, DateOnly HandoffDate, TimeOnly HandoffTime);

public sealed record BackupRequest(Guid RoleId, string UserId, TimeOnly WindowStart, TimeOnly WindowEnd, DateTimeOffset? EffectiveFrom, DateTimeOffset? EffectiveUntil);

public sealed record ShiftRequest(Guid RoleId, string UserId, DateTimeOffset StartsAt, DateTimeOffset? EndsAt);

/// <summary>
/// What administrators change about the roster by hand: shifts, rotations, overrides and backup contacts. Each
/// change is checked (the role exists, the people are active), written with its audit entry in one transaction,
/// and takes effect for the next layer that starts: the engine reads the roster fresh every time.
/// </summary>
public sealed class RosterAdministration(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    public async Task<Guid> AddOverrideAsync(OverrideRequest request, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (unit, role) = await RoleAsync(db, request.RoleId, cancellationToken);
        await RequireActiveAsync(db, cancellationToken, request.UserId, request.ReplacedUserId);
        var now = clock.GetUtcNow();
        var change = new RosterOverride(role.Id, request.Kind, request.UserId, request.ReplacedUserId, request.StartsAt, request.EndsAt, request.Reason ?? string.Empty, actor, now);
        if (change.EndsAt <= now)
        {
            throw new EngineException("in-the-past", "An override must end in the future: the roster's past is not rewritten.");
        }

        return await SaveAsync(db, change, actor, now, "RosterOverrideAdded",
            $"{unit.Code} {role.Name}: {change.Kind} {change.UserId}{(change.ReplacedUserId is null ? string.Empty : $" for {change.ReplacedUserId}")} {change.StartsAt:u}..{change.EndsAt:u} ({change.Reason})",
            change.Id, cancellationToken);
    }

    /// <summary>Cancels an override: one not started yet is deleted; one under way ends now (its past stays on record).</summary>
    public async Task<bool> CancelOverrideAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var change = await db.RosterOverrides.SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (change is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (change.EndsAt <= now)
        {
            throw new EngineException("in-the-past", "That override has already ended.");
        }

        if (change.StartsAt >= now)
        {
            db.RosterOverrides.Remove(change);
        }
        else
        {
            db.Entry(change).Property(o => o.EndsAt).CurrentValue = now;
        }

        await AuditWriter.SaveAsync(db, [new AuditRecord(now, actor, "RosterOverrideCancelled", Detail: $"Override {id} ({change.Kind} {change.UserId})")], cancellationToken);
        return true;
    }

    public async Task<Guid> CreateRotationAsync(RotationRequest request, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (unit, role) = await RoleAsync(db, request.RoleId, cancellationToken);
        await RequireActiveAsync(db, cancellationToken, [.. request.Participants]);
        var now = clock.GetUtcNow();
        var rotation = new Rotation(role.Id, request.Name, request.Participants, request.Unit, request.Length, request.HandoffDate, request.HandoffTime, now, actor, now);
        return await SaveAsync(db, rotation, actor, now, "RotationCreated",
            $"{unit.Code} {role.Name}: '{rotation.Name}' every {rotation.Length} {rotation.Unit} from {rotation.HandoffDate:yyyy-MM-dd} {rotation.HandoffTime:HH\\:mm} local: {string.Join(", ", rotation.Participants)}",
            rotation.Id, cancellationToken);
    }

    /// <summary>Changes a rotation's people from now on; its past turns stay as they were (<see cref="Rotation.Successor"/>).</summary>
    public async Task<Guid?> ChangeRotationPeopleAsync(Guid rotationId, IReadOnlyList<string> participants, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rotation = await db.Rotations.SingleOrDefaultAsync(r => r.Id == rotationId, cancellationToken);
        if (rotation is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (!rotation.IsEffectiveAt(now))
        {
            throw new EngineException("not-current", "Only a rotation in effect can be changed; this one has ended.");
        }

        var (unit, role) = await RoleAsync(db, rotation.RoleId.Value, cancellationToken);
        await RequireActiveAsync(db, cancellationToken, [.. participants]);
        var successor = rotation.Successor(participants, unit.Zone, now, actor);
        return await SaveAsync(db, successor, actor, now, "RotationChanged",
            $"{unit.Code} {role.Name}: '{rotation.Name}' from {string.Join(", ", rotation.Participants)} to {string.Join(", ", successor.Participants)}", successor.Id, cancellationToken);
    }

    public async Task<bool> EndRotationAsync(Guid rotationId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rotation = await db.Rotations.SingleOrDefaultAsync(r => r.Id == rotationId, cancellationToken);
        if (rotation is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        rotation.End(now);
        await AuditWriter.SaveAsync(db, [new AuditRecord(now, actor, "RotationEnded", Detail: $"'{rotation.Name}' ({rotation.Id})")], cancellationToken);
        return true;
    }

    public async Task<Guid> AddBackupAsync(BackupRequest request, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (unit, role) = await RoleAsync(db, request.RoleId, cancellationToken);
        await RequireActiveAsync(db, cancellationToken, request.UserId);
        var now = clock.GetUtcNow();
        var backup = new BackupContact(role.Id, request.UserId, request.WindowStart, request.WindowEnd, request.EffectiveFrom ?? now, request.EffectiveUntil, actor, now);
        return await SaveAsync(db, backup, actor, now, "BackupContactAdded",
            $"{unit.Code} {role.Name}: {backup.UserId} daily {backup.WindowStart:HH\\:mm}-{backup.WindowEnd:HH\\:mm} local", backup.Id, cancellationToken);
    }

    public async Task<Guid> AddShiftAsync(ShiftRequest request, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (unit, role) = await RoleAsync(db, request.RoleId, cancellationToken);
        await RequireActiveAsync(db, cancellationToken, request.UserId);
        var now = clock.GetUtcNow();
        var shift = new RoleAssignment(role.Id, request.UserId, request.StartsAt, request.EndsAt, actor);
        return await SaveAsync(db, shift, actor, now, "ShiftAdded", $"{unit.Code} {role.Name}: {shift.UserId} {shift.StartsAt:u}..{shift.EndsAt:u}", shift.Id, cancellationToken);
    }

    /// <summary>
    /// Adds a clinical role to a unit (a rapid-response nurse, a pharmacist on call): ladders reach it by its kind.
    /// Null when there is no such unit; a name the unit already has is a <see cref="DomainException"/>.
    /// </summary>
    public async Task<ClinicalRole?> AddRoleAsync(Guid unitId, ClinicalRoleKind kind, string name, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unit = await db.Units.Include(u => u.Roles).SingleOrDefaultAsync(u => u.Id == new UnitId(unitId), cancellationToken);
        if (unit is null)
        {
            return null;
        }

        var role = unit.AddRole(kind, name);
        await AuditWriter.SaveAsync(db, [new AuditRecord(clock.GetUtcNow(), actor, "ClinicalRoleAdded", Detail: $"{unit.Code}: '{role.Name}' ({role.Kind})")], cancellationToken);
        return role;
    }

    private static async Task<Guid> SaveAsync<T>(EscalationDbContext db, T entity, string actor, DateTimeOffset now, string kind, string detail, Guid id, CancellationToken cancellationToken)
        where T : class
    {
        db.Add(entity);
        await AuditWriter.SaveAsync(db, [new AuditRecord(now, actor, kind, Detail: detail)], cancellationToken);
        return id;
    }

    private static async Task<(Unit Unit, ClinicalRole Role)> RoleAsync(EscalationDbContext db, Guid roleId, CancellationToken cancellationToken)
    {
        var id = new ClinicalRoleId(roleId);
        var unit = await db.Units.AsNoTracking().Include(u => u.Roles).SingleOrDefaultAsync(u => u.Roles.Any(r => r.Id == id), cancellationToken)
            ?? throw new EngineException("unknown-role", $"No clinical role {roleId}.");
        return (unit, unit.Roles.Single(r => r.Id == id));
    }

    private static async Task RequireActiveAsync(EscalationDbContext db, CancellationToken cancellationToken, params string?[] userIds)
    {
        var wanted = userIds.Where(u => u is not null).Select(u => u!).Distinct().ToList();
        var found = await db.Users.Where(u => wanted.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(cancellationToken);
        var missing = wanted.Except(found).ToList();
        if (missing.Count > 0)
        {
            throw new EngineException("unknown-person", $"No active person with id {string.Join(", ", missing)}.");
        }
    }
}
