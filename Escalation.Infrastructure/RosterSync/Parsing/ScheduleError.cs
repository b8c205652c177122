namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// Why a row (or the whole file, <see cref="Line"/> 0) was not read, worded for the clinic administrator who will
/// fix the file. <see cref="Reason"/> names the column or property and the bad value; for a line it is written to
/// follow "Line N: ", which <see cref="Message"/> adds. A row with several problems gets one error for each.
/// </summary>
public sealed record ScheduleError(int Line, string Reason)
{
    /// <summary>The text to show: "Line 7: end ... is before start ..." or, for the whole file, the reason alone.</summary>
    public string Message => Line > 0 ? $"Line {Line}: {Reason}" : Reason;

    public override string ToString() => Message;
}
