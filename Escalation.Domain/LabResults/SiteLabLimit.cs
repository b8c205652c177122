using System.Globalization;

namespace Escalation.Domain.LabResults;

/// <summary>
/// One row of the site's critical limits table. Shipped rows carry no <see cref="UpdatedBy"/> until somebody edits
/// them. A disabled row stays in the table (so the site's numbers are not lost) but judges nothing.
/// </summary>
public sealed class SiteLabLimit
{
    private SiteLabLimit()
    {
        LoincCode = Unit = Display = string.Empty;
    }

    private SiteLabLimit(Guid id)
        : this()
    {
        Id = id;
    }

    public Guid Id { get; private set; }

    public string LoincCode { get; private set; }

    public string Unit { get; private set; }

    public string Display { get; private set; }

    public decimal? CriticalLow { get; private set; }

    public decimal? CriticalHigh { get; private set; }

    public decimal? AbnormalLow { get; private set; }

    public decimal? AbnormalHigh { get; private set; }

    public bool IsEnabled { get; private set; }

    public string? UpdatedBy { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    public static SiteLabLimit Create(Guid id, LabLimitInput input, string actor, DateTimeOffset now)
    {
        var limit = new SiteLabLimit(id);
        limit.Change(input, actor, now);
        return limit;
    }

    public void Change(LabLimitInput input, string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        Apply(input);
        UpdatedBy = actor;
        UpdatedAt = now;
    }

    public CriticalLimit ToCriticalLimit() => new(LoincCode, Display, Unit, Plain(CriticalLow), Plain(CriticalHigh), Plain(AbnormalLow), Plain(AbnormalHigh));

    /// <summary>
    /// The value without the trailing zeros a fixed-scale column adds (PostgreSQL's numeric(18,6) returns 6.200000):
    /// the message text and the page show 6.2, as it was typed.
    /// </summary>
    public static decimal? Plain(decimal? value) => value / 1.000000000000000000000000000000000m;

    /// <summary>The row in one line, for the audit trail's before and after.</summary>
    public string Describe() =>
        $"{LoincCode} {Display} [{Unit}] critical {Show(CriticalLow)}..{Show(CriticalHigh)}, abnormal {Show(AbnormalLow)}..{Show(AbnormalHigh)}, {(IsEnabled ? "enabled" : "disabled")}";

    private void Apply(LabLimitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = LabLimitValidation.Validate(input);
        if (errors.Count > 0)
        {
            throw new DomainException(string.Join(" ", errors.Values));
        }

        LoincCode = input.LoincCode!.Trim();
        Unit = input.Unit!.Trim();
        Display = input.Display!.Trim();
        CriticalLow = (decimal?)input.CriticalLow;
        CriticalHigh = (decimal?)input.CriticalHigh;
        AbnormalLow = (decimal?)input.AbnormalLow;
        AbnormalHigh = (decimal?)input.AbnormalHigh;
        IsEnabled = input.Enabled;
    }

    private static string Show(decimal? value) => Plain(value)?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
