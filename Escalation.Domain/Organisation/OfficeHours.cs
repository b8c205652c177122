namespace Escalation.Domain.Organisation;

/// <summary>
/// When a practice answers its own phones, in its local time: on <see cref="Days"/>, from <see cref="Opens"/>
/// (inclusive) to <see cref="Closes"/> (exclusive). Outside them an answering-service call goes to the on-call
/// physician instead of the daytime ladder's first layer.
/// </summary>
public sealed record OfficeHours
{
    public OfficeHours(IEnumerable<DayOfWeek> days, TimeOnly opens, TimeOnly closes)
    {
        ArgumentNullException.ThrowIfNull(days);
        Days = days.Distinct().Order().ToList();
        if (opens >= closes)
        {
            // Hours past midnight would make "which day is it" ambiguous; a practice open overnight is after-hours anyway.
            throw new DomainException("Office hours open before they close, within one day.");
        }

        Opens = opens;
        Closes = closes;
    }

    /// <summary>Monday to Friday, 08:00 to 18:00: what a practice has until an administrator says otherwise.</summary>
    public static OfficeHours Default { get; } = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        new TimeOnly(8, 0),
        new TimeOnly(18, 0));

    public IReadOnlyList<DayOfWeek> Days { get; }

    public TimeOnly Opens { get; }

    public TimeOnly Closes { get; }

    /// <summary>The days as a bit set (Sunday = bit 0), as stored.</summary>
    public int DayMask => Days.Aggregate(0, (mask, day) => mask | (1 << (int)day));

    public static OfficeHours FromMask(int dayMask, TimeOnly opens, TimeOnly closes) =>
        new(Enum.GetValues<DayOfWeek>().Where(d => (dayMask & (1 << (int)d)) != 0), opens, closes);

    /// <summary>True when <paramref name="instant"/> falls inside office hours on the practice's wall clock.</summary>
    public bool IsOpenAt(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        return Days.Contains(local.DayOfWeek) && time >= Opens && time < Closes;
    }

    public override string ToString() =>
        $"{(Days.Count == 0 ? "never" : string.Join(",", Days.Select(d => d.ToString()[..3])))} {Opens:HH\\:mm}-{Closes:HH\\:mm}";

    public bool Equals(OfficeHours? other) =>
        other is not null && Days.SequenceEqual(other.Days) && Opens == other.Opens && Closes == other.Closes;

    public override int GetHashCode() => HashCode.Combine(DayMask, Opens, Closes);
}
