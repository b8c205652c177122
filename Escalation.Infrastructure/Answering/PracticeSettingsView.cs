namespace Escalation.Infrastructure.Answering;

/// <summary>A practice's settings as administrators read them; <see cref="IsDefault"/> when nobody has set them yet.</summary>
public sealed record PracticeSettingsView(Guid UnitId, string TimeZoneId, IReadOnlyList<DayOfWeek> OfficeDays, TimeOnly Opens, TimeOnly Closes, string? CallerIdNumber, bool IsDefault);
