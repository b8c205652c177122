using System.Globalization;
using Escalation.Domain.LabResults;
using Escalation.Infrastructure.LabResults;

namespace Escalation.Web.Components.Pages.Admin;

/// <summary>
/// One row of the critical limits table as the page shows and edits it. The inputs bind to a copy (the editor's
/// draft), never to the row on show, so cancelling needs no second read of the table.
/// </summary>
public sealed class LabLimitRow
{
    public Guid? Id { get; init; }

    public string? LoincCode { get; set; }

    public string? Unit { get; set; }

    public string? Display { get; set; }

    public double? CriticalLow { get; set; }

    public double? CriticalHigh { get; set; }

    public double? AbnormalLow { get; set; }

    public double? AbnormalHigh { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>A row not saved yet: "Add a limit" makes one.</summary>
    public bool IsNew => Id is null;

    /// <summary>"Potassium (2823-3, mmol/L)": how a result line and a confirmation name a row.</summary>
    public string Title => $"{Display} ({LoincCode}, {Unit})";

    /// <summary>The abnormal range in words: either bound alone, both, or the lab's own range when neither is set.</summary>
    public string AbnormalRange => (AbnormalLow, AbnormalHigh) switch
    {
        (null, null) => "lab's range",
        (null, { } high) => $"≤ {Show(high)}",
        ({ } low, null) => $"≥ {Show(low)}",
        ({ } low, { } high) => $"{Show(low)} – {Show(high)}",
    };

    /// <summary>A limit as typed, with a dash for a bound that is not set.</summary>
    public static string Show(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "—";

    public static LabLimitRow From(LabLimitView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new()
        {
            Id = view.Id, LoincCode = view.LoincCode, Unit = view.Unit, Display = view.Display,
            CriticalLow = (double?)view.CriticalLow, CriticalHigh = (double?)view.CriticalHigh,
            AbnormalLow = (double?)view.AbnormalLow, AbnormalHigh = (double?)view.AbnormalHigh,
            Enabled = view.Enabled, UpdatedAt = view.UpdatedAt,
        };
    }

    public LabLimitRow Copy() => new()
    {
        Id = Id, LoincCode = LoincCode, Unit = Unit, Display = Display,
        CriticalLow = CriticalLow, CriticalHigh = CriticalHigh, AbnormalLow = AbnormalLow, AbnormalHigh = AbnormalHigh,
        Enabled = Enabled, UpdatedAt = UpdatedAt,
    };

    public LabLimitInput ToInput() => new(LoincCode, Unit, Display, CriticalLow, CriticalHigh, AbnormalLow, AbnormalHigh, Enabled);
}
