using System.Globalization;

namespace Escalation.Infrastructure.Compliance.Exports;

/// <summary>What every sheet of one export shares: the filter, names, unit codes, the organisation's zone and the messages in scope.</summary>
internal sealed record ExportContext(
    ExportFilter Filter, string ActorName, string FilterText, TimeZoneInfo Zone, Dictionary<string, string> Names, Dictionary<Guid, string> Units, HashSet<Guid>? MessageScope)
{
    public static async Task<ExportContext> LoadAsync(EscalationDbContext db, ExportFilter filter, string actor, CancellationToken cancellationToken)
    {
        var names = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id.Value, u => u.Code, cancellationToken);
        var zone = await db.OrganisationZoneAsync(cancellationToken);
        HashSet<Guid>? scope = null;
        if (filter.UnitId is not null || filter.Tier is not null)
        {
            scope = (await ScopedMessages(db, filter, wholeHistory: true).Select(m => m.Id).ToListAsync(cancellationToken)).Select(id => id.Value).ToHashSet();
        }

        var unitText = filter.UnitId is { } unit ? units.GetValueOrDefault(unit, "unknown unit") : "all units";
        var filterText = string.Create(CultureInfo.InvariantCulture,
            $"{filter.From.UtcDateTime:yyyy-MM-dd HH:mm} to {filter.To.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {unitText}, {(filter.Tier?.ToString() ?? "all tiers")}");
        return new ExportContext(filter, names.GetValueOrDefault(actor, actor), filterText, zone, names, units, scope);
    }

    /// <summary>The messages of the filter's unit and tier, created in its period unless <paramref name="wholeHistory"/>.</summary>
    public static IQueryable<Message> ScopedMessages(EscalationDbContext db, ExportFilter filter, bool wholeHistory = false)
    {
        var query = db.Messages.AsNoTracking();
        if (!wholeHistory)
        {
            query = query.Where(m => m.CreatedAt >= filter.From && m.CreatedAt < filter.To);
        }

        if (filter.UnitId is { } unit)
        {
            var id = new UnitId(unit);
            query = query.Where(m => m.UnitId == id);
        }

        if (filter.Tier is { } tier)
        {
            query = query.Where(m => m.Tier == tier);
        }

        return query;
    }
}
