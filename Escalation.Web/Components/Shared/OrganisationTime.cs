namespace Escalation.Web.Components.Shared;

/// <summary>
/// The organisation's time zone and clock for one circuit: pages ask for the zone once and format with
/// <see cref="TimeText"/>, so a time reads the same on every page.
/// </summary>
public sealed class OrganisationTime(OrganisationDirectory directory, TimeProvider clock)
{
    private TimeZoneInfo? _zone;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The zone, looked up once per circuit (the organisation's zone changes rarely, and a reload picks it up).</summary>
    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken = default) =>
        _zone ??= await directory.ZoneAsync(cancellationToken);
}
