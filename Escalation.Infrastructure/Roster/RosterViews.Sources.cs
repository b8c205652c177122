using Escalation.Infrastructure.RosterSync;

namespace Escalation.Infrastructure.Roster;

public sealed record SyncSourceView(
    Guid Id, string Name, string UnitCode, string Format, string Transport, string? Location, bool IsEnabled, int StaleAfterMinutes,
    DateTimeOffset? LastSourceChangedAt, DateTimeOffset? LastSyncedAt, DateTimeOffset? LastCheckedAt, TimeSpan? LastLag,
    int ChangesLast30Days, double? ShareWithin30Minutes, bool IsStale, string? LastError, double? StaleShareLast30Days);

public sealed record ImportView(Guid Id, Guid SourceId, DateTimeOffset At, string By, string? FileName, string Outcome, int Rows, int Added, int Removed, int RejectedRows, TimeSpan? Lag, IReadOnlyList<string> Errors);

/// <summary>The roster's schedule sources: each one's sync health (lag, staleness) and its imports.</summary>
public sealed partial class RosterViews
{
    /// <summary>A change that reached the roster within this of its source changing was on time.</summary>
    public static readonly TimeSpan TimelyWithin = TimeSpan.FromMinutes(30);

    /// <summary>The schedule sources feeding <paramref name="units"/> (every unit when null), with their sync health.</summary>
    public async Task<IReadOnlyList<SyncSourceView>> SourcesAsync(IReadOnlyCollection<Guid>? units = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var since = now.AddDays(-30);
        var query = db.ScheduleSources.AsNoTracking();
        if (units is not null)
        {
            var wanted = units.Select(u => new UnitId(u)).ToList();
            query = query.Where(s => wanted.Contains(s.DefaultUnitId));
        }

        var sources = await query.OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var codes = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code, cancellationToken);
        var imports = await db.ScheduleImports.AsNoTracking()
            .Where(i => i.At >= since && (i.Outcome == ImportOutcome.Applied || i.Outcome == ImportOutcome.Unchanged)).ToListAsync(cancellationToken);
        return sources.Select(s =>
        {
            var confirmed = imports.Where(i => i.SourceId == s.Id).OrderBy(i => i.At).ToList();
            var applied = confirmed.Where(i => i.Outcome == ImportOutcome.Applied).ToList();
            var lag = SyncLag.Of(applied, TimelyWithin);
            var staleShare = s.Transport == ScheduleTransport.Upload
                ? (double?)null
                : SyncLag.StaleShare(confirmed.Select(i => i.At), s.CreatedAt, since, now, TimeSpan.FromMinutes(s.StaleAfterMinutes));
            return new SyncSourceView(s.Id, s.Name, codes.GetValueOrDefault(s.DefaultUnitId, "?"), s.Format.ToString(), s.Transport.ToString(), s.Location, s.IsEnabled,
                s.StaleAfterMinutes, s.LastSourceChangedAt, s.LastSyncedAt, s.LastCheckedAt, applied.LastOrDefault()?.Lag, lag.Changes, lag.ShareTimely,
                s.IsStale(now), s.LastError, staleShare);
        }).ToList();
    }

    public async Task<IReadOnlyList<ImportView>> ImportsAsync(Guid? sourceId, int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.ScheduleImports.AsNoTracking();
        if (sourceId is { } id)
        {
            query = query.Where(i => i.SourceId == id);
        }

        var rows = await query.ToListAsync(cancellationToken);
        return rows.OrderByDescending(i => i.At).Take(take).Select(i => new ImportView(i.Id, i.SourceId, i.At, i.By, i.FileName, i.Outcome.ToString(), i.Rows, i.Added, i.Removed, i.RejectedRows, i.Lag,
            string.IsNullOrEmpty(i.Errors) ? [] : i.Errors.Split('\n'))).ToList();
    }
}
