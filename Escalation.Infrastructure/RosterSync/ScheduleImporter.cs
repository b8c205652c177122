using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Escalation.Domain.Common;
using Escalation.Domain.Roster;
using Escalation.Infrastructure.RosterSync.Parsing;

namespace Escalation.Infrastructure.RosterSync;

/// <summary>What an import did, for the person who uploaded the file or the pull that fetched it.</summary>
public sealed record ImportReport(
    Guid SourceId,
    ImportOutcome Outcome,
    int Rows,
    int Added,
    int Removed,
    int SkippedPast,
    IReadOnlyList<ScheduleError> Errors,
    DateTimeOffset? SourceChangedAt,
    int Ignored = 0)
{
    public bool Succeeded => Outcome is ImportOutcome.Applied or ImportOutcome.Unchanged;
}

/// <summary>
/// Applies a schedule source's file to the roster. The file is authoritative for the interval it covers: its
/// shifts replace the source's earlier shifts there. An import is atomic (any rejected row rejects the whole file,
/// and every rejected row is reported with its line and reason), idempotent (the same file again changes nothing),
/// never rewrites shifts already over, and is audited with who imported what and what changed.
/// </summary>
public sealed class ScheduleImporter(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    /// <summary>Larger than any month of shifts a scheduling system exports; bigger files are refused unread.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    private const int MaxErrorsStored = 200;

    public async Task<ImportReport> ImportAsync(
        Guid sourceId, byte[] content, string? fileName, DateTimeOffset? fileChangedAt, string actor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var source = await db.ScheduleSources.SingleOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
            ?? throw new Engine.EngineException("unknown-source", $"No schedule source {sourceId}.");
        var hash = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();

        var errors = new List<ScheduleError>();
        ParsedSchedule? parsed = null;
        if (content.Length > MaxBytes)
        {
            errors.Add(new ScheduleError(0, $"The file is {content.Length / 1024 / 1024.0:0.0} MB; the largest accepted is {MaxBytes / 1024 / 1024} MB."));
        }
        else if (!TryDecode(content, out var text))
        {
            errors.Add(new ScheduleError(0, $"This file is not text (UTF-8): expected a {Describe(source.Format)}."));
        }
        else if (ControlCharacter(text) is { } refused)
        {
            errors.Add(refused);
        }
        else
        {
            var units = await db.Units.AsNoTracking().Include(u => u.Roles).ToListAsync(cancellationToken);
            var defaultUnit = units.Single(u => u.Id == source.DefaultUnitId);
            var zone = defaultUnit.Zone;
            parsed = ScheduleParser.Parse(source.Format, text, ScheduleParseOptions.ForImportAt(zone, source.DayGridHandoff, now));
            errors.AddRange(parsed.Errors);
            if (parsed.Rows.Count == 0 && parsed.Errors.Count == 0)
            {
                errors.Add(new ScheduleError(0, $"The file holds no shifts: expected a {Describe(source.Format)}."));
            }

            var people = await db.Users.AsNoTracking().Where(u => u.IsActive)
                .Select(u => new PersonName(u.Id, u.DisplayName, u.Email, u.UserName)).ToListAsync(cancellationToken);
            var mapper = new ScheduleNameMapper(source.Mappings, units, defaultUnit, people);
            var shifts = new List<MappedShift>();
            var ignored = 0;
            foreach (var row in parsed.Rows)
            {
                if (mapper.IsIgnored(row))
                {
                    ignored++;
                }
                else if (mapper.TryMap(row, out var shift, out var error))
                {
                    shifts.Add(shift);
                }
                else
                {
                    errors.Add(new ScheduleError(row.Line, error));
                }
            }

            errors.AddRange(Overlaps(shifts, zone));
            if (errors.Count == 0)
            {
                if (shifts.Count == 0)
                {
                    errors.Add(new ScheduleError(0, $"Every row of the file is for a role this source ignores ({ignored} rows): nothing to import."));
                }
                else
                {
                    return await ApplyAsync(db, source, shifts, parsed, hash, fileName, fileChangedAt, actor, now, ignored, cancellationToken);
                }
            }
        }

        return await RejectAsync(db, source, errors.OrderBy(e => e.Line).ToList(), parsed, hash, fileName, actor, now, cancellationToken);
    }

    /// <summary>
    /// A NUL or other control character (tab and line breaks aside) is never part of a name or a time: such a file is
    /// corrupt or hostile, and a name holding one would be stored and shown (<see cref="TextRules"/>).
    /// </summary>
    private static ScheduleError? ControlCharacter(string text)
    {
        var index = TextRules.FirstRefused(text, multiline: true);
        if (index < 0)
        {
            return null;
        }

        var line = 1 + text.AsSpan(0, index).Count('\n');
        return new ScheduleError(line, $"Line {line} holds a control character (U+{(int)text[index]:X4}); a schedule file is plain text.");
    }

    private static async Task<ImportReport> ApplyAsync(
        EscalationDbContext db, ScheduleSource source, List<MappedShift> shifts, ParsedSchedule parsed, string hash, string? fileName,
        DateTimeOffset? fileChangedAt, string actor, DateTimeOffset now, int ignored, CancellationToken cancellationToken)
    {
        var distinct = shifts.DistinctBy(s => (s.RoleId, s.UserId, s.StartsAt, s.EndsAt)).ToList();
        var current = distinct.Where(s => s.EndsAt > now).ToList();
        var skippedPast = distinct.Count - current.Count;
        var windowStart = shifts.Min(s => s.StartsAt);
        var windowEnd = shifts.Max(s => s.EndsAt);
        var changedAt = parsed.SourceChangedAt ?? fileChangedAt ?? now;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Touch the source row first: on PostgreSQL that row lock serialises two imports of one source (a pull and
        // an upload at once); SQLite serialises writers anyway.
        await db.ScheduleSources.Where(s => s.Id == source.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastCheckedAt, now), cancellationToken);
        var existing = await db.RoleAssignments
            .Where(a => a.SourceId == source.Id && a.StartsAt < windowEnd && (a.EndsAt == null || a.EndsAt > windowStart) && (a.EndsAt == null || a.EndsAt > now))
            .ToListAsync(cancellationToken);
        var (_, removed, added) = Diff(existing, current, now);

        // The roster's past stays as it was: a shift already under way that the file drops ends now, and one the
        // file adds while under way starts now. Only what has not happened yet is replaced outright.
        foreach (var shift in removed)
        {
            if (shift.StartsAt < now)
            {
                shift.EndAt(now);
            }
            else
            {
                db.RoleAssignments.Remove(shift);
            }
        }

        var outcome = added.Count + removed.Count == 0 ? ImportOutcome.Unchanged : ImportOutcome.Applied;
        var import = new ScheduleImport(source.Id, now, actor, fileName, hash, changedAt)
        {
            Outcome = outcome,
            Rows = parsed.Rows.Count,
            Added = added.Count,
            Removed = removed.Count,
        };
        db.ScheduleImports.Add(import);
        foreach (var shift in added)
        {
            db.RoleAssignments.Add(new RoleAssignment(
                shift.RoleId, shift.UserId, shift.StartsAt < now ? now : shift.StartsAt, shift.EndsAt, actor, AssignmentOrigin.Imported, source.Id, import.Id));
        }

        source.LastCheckedAt = now;
        source.LastSyncedAt = now;
        source.LastSourceChangedAt = changedAt;
        source.LastContentHash = hash;
        source.LastError = null;
        source.StaleNoticeFor = null;

        var names = shifts.DistinctBy(s => (s.RoleId, s.UserId)).ToDictionary(s => (s.RoleId, s.UserId), s => (s.RoleLabel, s.PersonLabel));
        AuditWriter.Append(db, [new AuditRecord(now, actor, outcome == ImportOutcome.Applied ? "RosterImportApplied" : "RosterImportUnchanged",
            Detail: Truncate($"Source '{source.Name}' file '{fileName ?? "(pulled)"}' sha256 {hash[..12]}: {parsed.Rows.Count} rows, +{added.Count} -{removed.Count} shifts"
                + string.Concat(added.Select(a => $"; + {Label(names, a.RoleId, a.UserId)} {a.StartsAt:u}..{a.EndsAt:u}"))
                + string.Concat(removed.Select(r => $"; - {r.RoleId.Value}/{r.UserId} {r.StartsAt:u}..{r.EndsAt:u}"))))]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportReport(source.Id, outcome, parsed.Rows.Count, added.Count, removed.Count, skippedPast, [], changedAt, ignored);
    }

    private static async Task<ImportReport> RejectAsync(
        EscalationDbContext db, ScheduleSource source, List<ScheduleError> errors, ParsedSchedule? parsed, string hash, string? fileName,
        string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rejectedLines = errors.Select(e => e.Line).Distinct().Count();
        db.ScheduleImports.Add(new ScheduleImport(source.Id, now, actor, fileName, hash, parsed?.SourceChangedAt)
        {
            Outcome = ImportOutcome.Rejected,
            Rows = parsed?.Rows.Count ?? 0,
            RejectedRows = rejectedLines,
            Errors = string.Join('\n', errors.Take(MaxErrorsStored).Select(Format)),
        });
        source.LastCheckedAt = now;
        source.LastError = Truncate($"{errors.Count} problem(s); first: {Format(errors[0])}");
        await AuditWriter.SaveAsync(db, [new AuditRecord(now, actor, "RosterImportRejected",
            Detail: Truncate($"Source '{source.Name}' file '{fileName ?? "(pulled)"}' sha256 {hash[..12]}: nothing applied; {errors.Count} problem(s): "
                + string.Join("; ", errors.Take(20).Select(Format))))], cancellationToken);
        return new ImportReport(source.Id, ImportOutcome.Rejected, parsed?.Rows.Count ?? 0, 0, 0, 0, errors, parsed?.SourceChangedAt);
    }

    /// <summary>
    /// Which of the source's current shifts the file keeps, which it drops, and which it adds. A shift the file lists
    /// that we started part-way through (applied after it began) matches the file's row with the same role, person and
    /// end, so importing the same file again later changes nothing.
    /// </summary>
    private static (List<RoleAssignment> Kept, List<RoleAssignment> Removed, List<MappedShift> Added) Diff(
        List<RoleAssignment> existing, List<MappedShift> wanted, DateTimeOffset now)
    {
        var unmatched = wanted.ToList();
        var kept = new List<RoleAssignment>();
        var removed = new List<RoleAssignment>();
        foreach (var shift in existing)
        {
            var match = unmatched.FirstOrDefault(w => w.RoleId == shift.RoleId && w.UserId == shift.UserId && w.EndsAt == shift.EndsAt
                && (w.StartsAt == shift.StartsAt || (w.StartsAt < shift.StartsAt && shift.StartsAt <= now)));
            if (match is null)
            {
                removed.Add(shift);
            }
            else
            {
                unmatched.Remove(match);
                kept.Add(shift);
            }
        }

        return (kept, removed, unmatched);
    }

    /// <summary>
    /// Two shifts of one role that overlap: escalation pages one accountable person per role, so a schedule that
    /// puts two people on the same role at once is a mistake to fix at the source, not to guess about.
    /// </summary>
    private static IEnumerable<ScheduleError> Overlaps(List<MappedShift> shifts, TimeZoneInfo zone)
    {
        foreach (var role in shifts.GroupBy(s => s.RoleId))
        {
            var ordered = role.DistinctBy(s => (s.UserId, s.StartsAt, s.EndsAt)).OrderBy(s => s.StartsAt).ThenBy(s => s.Line).ToList();
            var latest = (MappedShift?)null;
            foreach (var shift in ordered)
            {
                if (latest is not null && shift.StartsAt < latest.EndsAt)
                {
                    yield return new ScheduleError(shift.Line,
                        $"{shift.RoleLabel} {shift.PersonLabel} {Local(shift.StartsAt, zone)} to {Local(shift.EndsAt, zone)} overlaps line {latest.Line} "
                        + $"({latest.PersonLabel} until {Local(latest.EndsAt, zone)}): one person holds a role at a time.");
                }

                if (latest is null || shift.EndsAt > latest.EndsAt)
                {
                    latest = shift;
                }
            }
        }
    }

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Label(Dictionary<(ClinicalRoleId, string), (string Role, string Person)> names, ClinicalRoleId role, string user) =>
        names.TryGetValue((role, user), out var n) ? $"{n.Role} {n.Person}" : $"{role.Value}/{user}";

    private static bool TryDecode(byte[] content, out string text)
    {
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text[1..];
            }

            // Zip containers (xlsx), PDFs and images decode as "valid" UTF-8 often enough; NUL bytes give them away.
            return !text.Contains('\0');
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    public static string Describe(ScheduleFormat format) => format switch
    {
        ScheduleFormat.CsvShifts => "CSV of shifts (columns role, person, start, end)",
        ScheduleFormat.CsvDayGrid => "CSV day grid (a Date column, then one column per role)",
        _ => "iCalendar file (.ics with VEVENTs)",
    };

    public static string Format(ScheduleError error) =>
        error.Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"Line {error.Line}: {error.Reason}") : error.Reason;

    private static string Truncate(string text) => text.Length <= 4000 ? text : text[..3990] + " ...";
}
