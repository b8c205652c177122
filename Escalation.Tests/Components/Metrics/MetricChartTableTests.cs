using Bunit;
using Escalation.Domain.Metrics;
using Escalation.Web.Components.Pages.Metrics;
using Escalation.Web.Components.Theme;
using MudBlazor;

namespace Escalation.Tests.Components.Metrics;

/// <summary>A metrics chart and its table: the table prints what the chart is given, the target is drawn, the ticks are round.</summary>
[Trait("Category", "Unit")]
public sealed class MetricChartTableTests : ComponentTestContext
{
    private static readonly MetricChart Mtfa = new(
        "Time to first acknowledgment", "chart-mtfa", ChartType.Line, "Week starting", ["23 Nov", "30 Nov"], ["2026-11-23", "2026-11-30"],
        [new MetricSeries("Mean", [1.5, 2.25]), new MetricSeries("Median", [1.0, null]), new MetricSeries("90th percentile", [4.1, 6.5])],
        new MetricTarget(3, "Target: 3 min"), MetricsCharts.MinutesAndSeconds);

    private static readonly MetricChart Lag = new(
        "Roster sync lag per source", "chart-sync", ChartType.Bar, "Source", ["ED rota (ED)", "ICU rota (ICU)"], ["a", "b"],
        [new MetricSeries("Last sync lag", [12, 47])], null, MetricsCharts.MinutesAndSeconds);

    [Fact]
    public void TheTable_ShowsEveryValueTheChartIsGiven()
    {
        var cut = Render<MetricChartTable>(p => p.Add(c => c.Chart, Mtfa));

        var chart = cut.FindComponent<MudChart<double>>().Instance;
        var rows = cut.FindAll("[data-testid=chart-mtfa-table] [data-testid=metric-row]");
        Assert.Equal(["2026-11-23", "2026-11-30"], rows.Select(r => r.GetAttribute("data-key")));
        foreach (var series in Mtfa.Series)
        {
            var given = chart.ChartSeries.Single(s => s.Name == series.Name).Data.Points;
            var cells = rows.Select(r => r.QuerySelector($"td[data-series='{series.Name}']")!.TextContent).ToList();
            Assert.Equal(given.Select(p => MetricsCharts.MinutesAndSeconds(p.HasValue ? p.Y : null)), cells);
        }

        Assert.Equal(["1:30", "2:15"], rows.Select(r => r.QuerySelector("td[data-series='Mean']")!.TextContent));
        Assert.Equal("–", rows[1].QuerySelector("td[data-series='Median']")!.TextContent);
    }

    [Fact]
    public void ALineChart_DrawsTheTargetAsAFlatLineOnItsOwnScale()
    {
        var cut = Render<MetricChartTable>(p => p.Add(c => c.Chart, Mtfa));

        var chart = cut.FindComponent<MudChart<double>>().Instance;
        var target = chart.ChartSeries.Single(s => s.Name == "Target: 3 min");
        Assert.All(target.Data.Values, v => Assert.Equal(3, v));
        Assert.Equal(2, target.Data.Values.Count);
        // The target is the last line drawn: flat, across the whole plot, at 3 on an axis whose grid runs 0..8.
        var grid = cut.FindAll(".mud-charts-gridlines-yaxis path").Select(p => Ys(p.GetAttribute("d")!)[0]).ToList();
        var line = Ys(cut.FindAll("path.mud-chart-line").Last().GetAttribute("d")!);
        Assert.Equal(2, line.Count);
        Assert.Equal(line[0], line[1], 3);
        Assert.Equal(grid[0] + ((grid[^1] - grid[0]) * 3 / 8), line[0], 3);
        Assert.Contains("Target: 3 min", cut.Markup);
        Assert.Contains("Target: 3 min", cut.Find("[data-testid=metric-target]").TextContent);
    }

    [Theory]
    [InlineData(false, "#1565c0", "#4a5563")]
    [InlineData(true, "#64b5f6", "#a9b4c0")]
    public void TheLines_AreDrawnInTheColoursOfTheScreenInUse(bool dark, string first, string target)
    {
        var cut = Render<MetricChartTable>(p => p.Add(c => c.Chart, Mtfa).AddCascadingValue(ClinicalTheme.DarkScreen, dark));

        var palette = cut.FindComponent<MudChart<double>>().Instance.ChartOptions!.ChartPalette;
        Assert.Equal(first, palette[0], ignoreCase: true);
        Assert.Equal(target, palette[3], ignoreCase: true);
        Assert.Contains(cut.FindAll("path.mud-chart-line"), p => string.Equals(p.GetAttribute("stroke"), first, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void ATiersOwnColour_IsItsDarkTwin_OnADarkScreen()
    {
        var sent = new MetricChart("Messages sent", "chart-sent", ChartType.Line, "Week starting", ["23 Nov"], ["2026-11-23"],
            [new MetricSeries("Critical", [4], ClinicalTheme.Critical)], null, v => v?.ToString() ?? "–");

        var light = Render<MetricChartTable>(p => p.Add(c => c.Chart, sent).AddCascadingValue(ClinicalTheme.DarkScreen, false));
        var dark = Render<MetricChartTable>(p => p.Add(c => c.Chart, sent).AddCascadingValue(ClinicalTheme.DarkScreen, true));

        Assert.Equal(ClinicalTheme.Critical, light.FindComponent<MudChart<double>>().Instance.ChartOptions!.ChartPalette[0]);
        Assert.Equal(ClinicalTheme.Theme.PaletteDark.Error.ToString(MudBlazor.Utilities.MudColorOutputFormats.Hex),
            dark.FindComponent<MudChart<double>>().Instance.ChartOptions!.ChartPalette[0], ignoreCase: true);
    }

    [Fact]
    public void ABarChart_DrawsABarPerValue_AndTabulatesThem()
    {
        var cut = Render<MetricChartTable>(p => p.Add(c => c.Chart, Lag with { Target = null }));

        Assert.Equal(2, cut.FindAll("path.mud-chart-bar").Count);
        Assert.Equal(["12:00", "47:00"], cut.FindAll("td[data-series='Last sync lag']").Select(c => c.TextContent));
        // 47 minutes: steps of 10 up to 50.
        Assert.Equal(["0", "10", "20", "30", "40", "50"], cut.FindAll(".mud-charts-yaxis text").Select(t => t.TextContent.Trim()));
    }

    [Fact]
    public void TheValueAxis_IsLabelledAtRoundNumbers_FromZeroToAboveTheHighestValue()
    {
        var cut = Render<MetricChartTable>(p => p.Add(c => c.Chart, Mtfa));

        // Highest value 6.5 minutes: steps of 2 up to 8.
        var ticks = cut.FindAll(".mud-charts-yaxis text").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal(["0", "2", "4", "6", "8"], ticks);
    }

    [Fact]
    public void NothingInThePeriod_SaysSoInsteadOfAnEmptyChart()
    {
        var empty = Mtfa with { Labels = [], Keys = [], Series = [new MetricSeries("Mean", [])] };
        var cut = Render<MetricChartTable>(p => p.Add(c => c.Chart, empty));

        Assert.Contains("Nothing to chart", cut.Find("[data-testid=chart-empty]").TextContent);
        Assert.Empty(cut.FindComponents<MudChart<double>>());
    }

    [Fact]
    public void TheCharts_CarryTheReportsFigures_InMinutesAndPercent()
    {
        var week = new DateOnly(2026, 11, 30);
        var critical = new TierFigures(Tier.Critical, 10, 9, 95, 90.6, 400, 0.2, 0.05, 1, 0);
        var urgent = new TierFigures(Tier.Urgent, 4, 4, 300, 240, 600, 0.125, 0, 0, 0);
        var routine = new TierFigures(Tier.Routine, 2, 2, 30, 30, 30, 0, 0, 0, 0);
        var report = new MetricsReport(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero),
            [critical, urgent, routine], [new WeekFigures(week, [critical, urgent, routine])], []);

        var charts = MetricsCharts.Build(report, null, [], TimeZoneInfo.Utc);

        // Every week of the period is on the axis, the week without messages too, so the target line spans it.
        var mtfa = charts.Single(c => c.TestId == "chart-mtfa");
        Assert.Equal(["2026-11-16", "2026-11-23", "2026-11-30"], mtfa.Keys);
        Assert.Equal(new double?[] { null, null, 95 / 60.0 }, mtfa.Series.Single(s => s.Name == "Mean").Values);
        // The table reads like the API's seconds on the page: 90.6 s is "1:30", as the by-tier table says it.
        Assert.Equal("1:30", mtfa.Format(mtfa.Series.Single(s => s.Name == "Median").Values[^1]));
        Assert.Equal(3, mtfa.Target!.Value);
        var rate = charts.Single(c => c.TestId == "chart-escalation");
        Assert.Equal("12.5 %", rate.Format(rate.Series.Single(s => s.Name == "Urgent: past layer 1").Values[^1]));
        Assert.Equal(15, rate.Target!.Value);
        Assert.Equal(new double?[] { 0, 0, 1 }, charts.Single(c => c.TestId == "chart-layer4").Series.Single().Values);
        Assert.Equal(new double?[] { 0, 0, 10 }, charts.Single(c => c.TestId == "chart-weekly").Series.Single(s => s.Name == "Critical").Values);
    }

    // "M 30 209.4 L 670 209.4": the y of every point of an SVG path.
    private static List<double> Ys(string path)
    {
        var numbers = path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t is not ("M" or "L")).Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return numbers.Where((_, i) => i % 2 == 1).ToList();
    }
}
