namespace Escalation.Infrastructure.Answering;

/// <summary>
/// A practice's answering-service settings, one row per unit: its office hours (in the unit's time zone) and the
/// number patients see when a clinician calls them back. A unit without a row has <see cref="OfficeHours.Default"/>
/// and the Twilio number.
/// </summary>
public sealed class PracticeSettings
{
    private PracticeSettings()
    {
        UpdatedBy = string.Empty;
    }

    public PracticeSettings(UnitId unitId, OfficeHours hours, string? callerIdNumber, string updatedBy, DateTimeOffset now)
        : this()
    {
        UnitId = unitId;
        Change(hours, callerIdNumber, updatedBy, now);
    }

    public UnitId UnitId { get; private set; }

    /// <summary>Office days as a bit set, Sunday = bit 0 (see <see cref="OfficeHours.DayMask"/>).</summary>
    public int OfficeDays { get; private set; }

    /// <summary>Local minutes after midnight.</summary>
    public int OpensMinute { get; private set; }

    public int ClosesMinute { get; private set; }

    /// <summary>E.164 caller ID for masked callbacks; null means the Twilio account's own number.</summary>
    public string? CallerIdNumber { get; private set; }

    public string UpdatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public OfficeHours Hours => OfficeHours.FromMask(OfficeDays, TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(OpensMinute)), TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(ClosesMinute)));

    public void Change(OfficeHours hours, string? callerIdNumber, string updatedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hours);
        if (callerIdNumber is not null && !PhoneNumbers.IsE164(callerIdNumber))
        {
            throw new Domain.Common.DomainException("The caller ID is an E.164 number such as +15555550100.");
        }

        OfficeDays = hours.DayMask;
        OpensMinute = (int)hours.Opens.ToTimeSpan().TotalMinutes;
        ClosesMinute = (int)hours.Closes.ToTimeSpan().TotalMinutes;
        CallerIdNumber = callerIdNumber;
        UpdatedBy = updatedBy;
        UpdatedAt = now;
    }
}
