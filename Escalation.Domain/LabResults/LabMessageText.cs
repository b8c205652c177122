using System.Globalization;

namespace Escalation.Domain.LabResults;

/// <summary>
/// The one line a clinician reads on a pager or phone:
/// <c>CRITICAL Potassium 6.8 mmol/L (HH; ref 3.5–5.1) collected 2026-11-22 06:10 UTC — Jane Doe (MRN 12345)</c>.
/// Results with components (a blood pressure) list the components that raised the message, or all of them.
/// </summary>
public static class LabMessageText
{
    public static string Format(LabObservation observation, Detection detection)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(detection);

        var prefix = detection.Outcome switch
        {
            DetectionOutcome.Critical => "CRITICAL",
            DetectionOutcome.Urgent => "URGENT",
            _ => "RESULT",
        };

        var text = $"{prefix} {observation.Name}";
        var own = ValueText(observation.Quantity, observation.StringValue, observation.Interpretations, observation.ReferenceRange);
        if (own.Length > 0)
        {
            text += " " + own;
        }

        var components = observation.Components
            .Where(c => detection.TriggeredBy.Count == 0 || detection.TriggeredBy.Any(t => t.EndsWith(LabObservation.NameOf(c.Text, c.Codes), StringComparison.Ordinal)))
            .Select(c => $"{LabObservation.NameOf(c.Text, c.Codes)} {ValueText(c.Quantity, c.StringValue, c.Interpretations, c.ReferenceRange)}".TrimEnd())
            .ToList();
        if (components.Count > 0)
        {
            text += ": " + string.Join(", ", components);
        }

        if (observation.CollectedAt is { } collected)
        {
            text += " collected " + collected.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        }

        var patient = PatientText(observation);
        if (patient.Length > 0)
        {
            text += " — " + patient;
        }

        return text;
    }

    private static string ValueText(LabQuantity? quantity, string? stringValue, IReadOnlyList<LabCoding> flags, LabReferenceRange? range)
    {
        var value = quantity is { } q
            ? $"{q.Comparator}{CriticalResultDetector.Num(q.Value)} {q.Unit ?? q.UnitCode}".TrimEnd()
            : stringValue ?? "";
        var notes = new List<string>();
        var codes = flags.Where(f => !string.IsNullOrWhiteSpace(f.Code)).Select(f => f.Code!).ToList();
        if (codes.Count > 0)
        {
            notes.Add(string.Join(",", codes));
        }

        var rangeText = RangeText(range);
        if (rangeText is not null)
        {
            notes.Add("ref " + rangeText);
        }

        return notes.Count == 0 ? value : $"{value} ({string.Join("; ", notes)})".TrimStart();
    }

    private static string? RangeText(LabReferenceRange? range) => range switch
    {
        null => null,
        { Text: { Length: > 0 } t } => t,
        { Low: { } l, High: { } h } => $"{CriticalResultDetector.Num(l)}–{CriticalResultDetector.Num(h)}",
        { Low: { } l } => "≥" + CriticalResultDetector.Num(l),
        { High: { } h } => "≤" + CriticalResultDetector.Num(h),
        _ => null,
    };

    private static string PatientText(LabObservation o)
    {
        var id = o.PatientIdentifier is { } i
            ? $"({(i.TypeCode == "MR" ? "MRN" : i.TypeText ?? i.TypeCode ?? "ID")} {i.Value})"
            : null;
        return string.Join(" ", new[] { o.PatientDisplay, id }.Where(s => !string.IsNullOrWhiteSpace(s)));
    }
}
