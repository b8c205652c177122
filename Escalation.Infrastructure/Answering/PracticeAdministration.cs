namespace Escalation.Infrastructure.Answering;

/// <summary>A practice's office hours and callback caller ID, read and changed (audited) by administrators.</summary>
public sealed class PracticeAdministration(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    public async Task<PracticeSettingsView?> GetAsync(UnitId unitId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var zone = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.TimeZoneId).SingleOrDefaultAsync(cancellationToken);
        if (zone is null)
        {
            return null;
        }

        var settings = await db.Set<PracticeSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.UnitId == unitId, cancellationToken);
        var hours = settings?.Hours ?? OfficeHours.Default;
        return new PracticeSettingsView(unitId.Value, zone, hours.Days, hours.Opens, hours.Closes, settings?.CallerIdNumber, settings is null);
    }

    /// <summary>Saves the settings; a <see cref="Domain.Common.DomainException"/> for invalid hours or numbers changes nothing.</summary>
    public async Task<PracticeSettingsView?> SaveAsync(UnitId unitId, OfficeHours hours, string? callerIdNumber, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Units.AnyAsync(u => u.Id == unitId, cancellationToken))
        {
            return null;
        }

        await AuditWriter.SaveAsync<bool>(db, async () =>
        {
            var now = clock.GetUtcNow();
            var settings = await db.Set<PracticeSettings>().SingleOrDefaultAsync(s => s.UnitId == unitId, cancellationToken);
            if (settings is null)
            {
                db.Add(new PracticeSettings(unitId, hours, callerIdNumber, actor, now));
            }
            else
            {
                settings.Change(hours, callerIdNumber, actor, now);
            }

            return (true, [new AuditRecord(now, actor, "PracticeSettingsChanged",
                Detail: $"Unit {unitId.Value}: office hours {hours}, callback caller ID {PhoneNumbers.Mask(callerIdNumber)}")]);
        }, cancellationToken);
        return await GetAsync(unitId, cancellationToken);
    }
}
