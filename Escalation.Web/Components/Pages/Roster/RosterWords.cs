using Escalation.Domain.Roster;
using Escalation.Infrastructure.RosterSync;
using Escalation.Infrastructure.RosterSync.Parsing;

namespace Escalation.Web.Components.Pages.Roster;

/// <summary>The roster's choices as people say them ("CSV month grid", "SMS"), never an enum's name.</summary>
public static class RosterWords
{
    public static string Of(OverrideKind kind) => kind switch
    {
        OverrideKind.Add => "Add",
        OverrideKind.Remove => "Remove",
        OverrideKind.Replace => "Replace",
        _ => kind.ToString(),
    };

    public static string Of(RotationUnit unit) => unit switch
    {
        RotationUnit.Hours => "hours",
        RotationUnit.Days => "days",
        RotationUnit.Weeks => "weeks",
        _ => unit.ToString(),
    };

    public static string Of(ScheduleFormat format) => format switch
    {
        ScheduleFormat.CsvShifts => "CSV, one shift per row",
        ScheduleFormat.CsvDayGrid => "CSV month grid",
        ScheduleFormat.ICalendar => "iCalendar (.ics)",
        _ => format.ToString(),
    };

    public static string Of(ScheduleTransport transport) => transport switch
    {
        ScheduleTransport.Upload => "Upload",
        ScheduleTransport.Url => "URL",
        ScheduleTransport.Folder => "Folder",
        _ => transport.ToString(),
    };

    private static readonly Dictionary<string, string> Formats = Enum.GetValues<ScheduleFormat>().ToDictionary(f => f.ToString(), Of);

    private static readonly Dictionary<string, string> Transports = Enum.GetValues<ScheduleTransport>().ToDictionary(t => t.ToString(), Of);

    /// <summary>
    /// A source's format as the sync view names it. The view carries the enum's name as text; until it carries the
    /// enum itself, this looks the words up by that name rather than parsing it back.
    /// </summary>
    public static string Format(string name) => Formats.GetValueOrDefault(name, name);

    public static string Transport(string name) => Transports.GetValueOrDefault(name, name);

    /// <summary>A layer's channels ("Inbox, Sms, Voice" in the view) as people write them: "Inbox, SMS, voice call".</summary>
    public static string Channels(string channels) =>
        string.Join(", ", channels.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => c switch
        {
            "Inbox" => "Inbox",
            "Sms" => "SMS",
            "Voice" => "voice call",
            _ => c,
        }));
}
