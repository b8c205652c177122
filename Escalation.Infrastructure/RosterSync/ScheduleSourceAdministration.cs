using Escalation.Domain.Common;
using Escalation.Infrastructure.RosterSync.Parsing;

namespace Escalation.Infrastructure.RosterSync;

/// <summary>
/// A new schedule source, or a change to one: what is null keeps the source's current value (or the default, for a
/// new one). The roster page fills in the first five; the API may send all of them.
/// </summary>
public sealed record ScheduleSourceChange(
    string? Name, Guid? DefaultUnitId, ScheduleFormat? Format, ScheduleTransport? Transport, string? Location,
    int? PullIntervalMinutes = null, int? StaleAfterMinutes = null, TimeOnly? DayGridHandoff = null, bool? IsEnabled = null,
    ScheduleMappings? Mappings = null);

/// <summary>The source's id, or why nothing was stored: <see cref="Result.Code"/> names the field at fault, or is <c>not-found</c>.</summary>
public sealed record ScheduleSourceSaved(Guid? Id, Result Outcome);

/// <summary>
/// Adds and changes schedule sources for the roster page and <c>/api/roster/sources</c> alike: one set of rules (a
/// name of at most 100 characters and unique, a unit of ours, an http(s) address for a URL source, a folder for a
/// folder source, sane pull and staleness intervals) and one audited write, so both say the same thing about a source.
/// </summary>
public sealed class ScheduleSourceAdministration(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    /// <summary>Creates a source when <paramref name="id"/> is null, else changes that one.</summary>
    public async Task<ScheduleSourceSaved> SaveAsync(Guid? id, ScheduleSourceChange change, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        ScheduleSource? source = null;
        if (id is { } existing)
        {
            source = await db.ScheduleSources.SingleOrDefaultAsync(s => s.Id == existing, cancellationToken);
            if (source is null)
            {
                return Refused("not-found", "No such schedule source.");
            }
        }

        var name = change.Name?.Trim() ?? source?.Name ?? string.Empty;
        if (name.Length is 0 or > 100)
        {
            return Refused("name", "A source has a name of 1 to 100 characters.");
        }

        if ((change.Format ?? source?.Format) is not { } format)
        {
            return Refused("format", $"format is one of {string.Join(", ", Enum.GetNames<ScheduleFormat>())}.");
        }

        var transport = change.Transport ?? source?.Transport ?? ScheduleTransport.Upload;
        var location = change.Location?.Trim() ?? source?.Location;
        if (transport == ScheduleTransport.Url && !(Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            return Refused("location", "A URL source needs an http(s) address.");
        }

        if (transport == ScheduleTransport.Folder && string.IsNullOrWhiteSpace(location))
        {
            return Refused("location", "A folder source needs a folder (optionally with a file pattern such as /srv/exports/*.ics).");
        }

        var unitId = change.DefaultUnitId is { } u ? new UnitId(u) : source?.DefaultUnitId;
        if (unitId is null || !await db.Units.AnyAsync(x => x.Id == unitId, cancellationToken))
        {
            return Refused("defaultUnitId", "The default unit must be one of ours.");
        }

        var interval = change.PullIntervalMinutes ?? source?.PullIntervalMinutes ?? 15;
        var stale = change.StaleAfterMinutes ?? source?.StaleAfterMinutes ?? 30;
        if (interval is < 1 or > 1440 || stale is < 5 or > 10080)
        {
            return Refused("pullIntervalMinutes", "Pull every 1 to 1440 minutes; stale after 5 minutes to 7 days.");
        }

        if (await db.ScheduleSources.AnyAsync(s => s.Name == name && s.Id != (id ?? Guid.Empty), cancellationToken))
        {
            return Refused("name", $"A source named '{name}' already exists.");
        }

        var now = clock.GetUtcNow();
        if (source is null)
        {
            source = new ScheduleSource(name, unitId.Value, format, transport, location, actor, now);
            db.ScheduleSources.Add(source);
        }

        source.Name = name;
        source.DefaultUnitId = unitId.Value;
        source.Format = format;
        source.Transport = transport;
        source.Location = location;
        source.PullIntervalMinutes = interval;
        source.StaleAfterMinutes = stale;
        source.DayGridHandoff = change.DayGridHandoff ?? source.DayGridHandoff;
        source.IsEnabled = change.IsEnabled ?? source.IsEnabled;
        if (change.Mappings is { } mappings)
        {
            source.Mappings = mappings;
        }

        await AuditWriter.SaveAsync(db, [new(now, actor, id is null ? "ScheduleSourceCreated" : "ScheduleSourceChanged",
            Detail: $"'{source.Name}' {source.Format} via {source.Transport} {source.Location} every {source.PullIntervalMinutes} min, stale after {source.StaleAfterMinutes} min; mappings {source.MappingsJson}")],
            cancellationToken);
        return new ScheduleSourceSaved(source.Id, Result.Ok);
    }

    public async Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ScheduleSources.AnyAsync(s => s.Id == id, cancellationToken);
    }

    private static ScheduleSourceSaved Refused(string code, string error) => new(null, Result.Fail(code, error));
}
