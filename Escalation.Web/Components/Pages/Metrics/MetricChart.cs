using MudBlazor;

namespace Escalation.Web.Components.Pages.Metrics;

/// <summary>
/// One line or set of bars of a chart, one value per label; null where there is nothing to measure. A tier's series
/// takes the tier's colour; others take the theme's next colour.
/// </summary>
public sealed record MetricSeries(string Name, IReadOnlyList<double?> Values, string? Colour = null);

/// <summary>A level the figures should stay on the right side of, drawn across a line chart as one more line.</summary>
public sealed record MetricTarget(double Value, string Name);

/// <summary>
/// A chart and the table beside it, from the same figures: the chart is handed <see cref="Series"/> and
/// <see cref="Target"/>, the table prints the same values through <see cref="Format"/>.
/// </summary>
/// <param name="Keys">A stable key per label (a tier's name, a week's first day as yyyy-MM-dd) for tests and links.</param>
public sealed record MetricChart(
    string Title,
    string TestId,
    ChartType Kind,
    string LabelHeader,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Keys,
    IReadOnlyList<MetricSeries> Series,
    MetricTarget? Target,
    Func<double?, string> Format,
    string? Note = null)
{
    /// <summary>The value axis: round ticks from zero to just above the highest value and the target.</summary>
    public AxisScale Scale => AxisScale.For(Series.SelectMany(s => s.Values).Select(v => v ?? 0).Append(Target?.Value ?? 0).DefaultIfEmpty(0).Max());
}
