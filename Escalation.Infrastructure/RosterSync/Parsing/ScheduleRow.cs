namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// One shift as the file wrote it: role, person and unit are the file's own names, still to be matched to ours by
/// the import step; the instants are already resolved to UTC so that step never deals with zones or daylight saving.
/// <see cref="Line"/> is the 1-based line where the row or event starts, so a later message can point into the file.
/// </summary>
public sealed record ScheduleRow(int Line, string? Unit, string Role, string Person, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
