using System.Globalization;
using Escalation.Domain.Metrics;
using Escalation.Infrastructure.Roster;
using Escalation.Web.Components.Theme;
using MudBlazor;

namespace Escalation.Web.Components.Pages.Metrics;

/// <summary>
/// The metrics page's charts, built from the same <see cref="MetricsReport"/> that <c>GET /api/metrics</c> returns
/// (and the roster's sync view), so every figure on a chart is one of the API's, in the unit people read it in.
/// </summary>
public static class MetricsCharts
{
    /// <summary>Above this share of messages climbing past the first layer, a ladder or a roster needs a look.</summary>
    public const double HealthyEscalationPercent = 15;

    /// <summary>A roster change should reach the engine within this many minutes.</summary>
    public const double SyncTargetMinutes = 30;

    private static readonly Tier[] RateTiers = [Tier.Critical, Tier.Urgent];

    public static IReadOnlyList<MetricChart> Build(MetricsReport report, Tier? tier, IReadOnlyList<SyncSourceView> sources, TimeZoneInfo zone)
    {
        var weeks = EveryWeek(report, zone);
        var labels = weeks.Select(w => w.WeekStarting.ToString("d MMM", CultureInfo.InvariantCulture)).ToList();
        var keys = weeks.Select(w => w.WeekStarting.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        var mtfaTier = tier ?? Tier.Critical;
        Tier[] shownTiers = tier is { } only ? [only] : Enum.GetValues<Tier>();
        Tier[] rateTiers = tier is { } one ? [one] : RateTiers;

        return
        [
            new MetricChart(
                $"Time to first acknowledgment, {mtfaTier} messages, by week", "chart-mtfa", ChartType.Line, "Week starting", labels, keys,
                [
                    new MetricSeries("Mean", weeks.Select(w => Minutes(Of(w, mtfaTier).MtfaMeanSeconds)).ToList()),
                    new MetricSeries("Median", weeks.Select(w => Minutes(Of(w, mtfaTier).MtfaMedianSeconds)).ToList()),
                    new MetricSeries("90th percentile", weeks.Select(w => Minutes(Of(w, mtfaTier).Mtfa90thSeconds)).ToList()),
                ],
                mtfaTier == Tier.Critical ? new MetricTarget(EscalationMetrics.CriticalMtfaTarget.TotalMinutes, "Target: 3 min") : null,
                MinutesAndSeconds, "Minutes from sending to the first acknowledgment (table: min:sec)."),
            new MetricChart(
                "Escalation rate by tier, by week", "chart-escalation", ChartType.Line, "Week starting", labels, keys,
                rateTiers.Select(t => new MetricSeries($"{t}: past layer 1", weeks.Select(w => Percent(Of(w, t).PastLayer1Share)).ToList(), TierColour(t))).ToList(),
                new MetricTarget(HealthyEscalationPercent, "Healthy below 15 %"),
                PercentText, "Share of messages that climbed past the first layer (%)."),
            new MetricChart(
                "Layer-4 activations per week", "chart-layer4", ChartType.Bar, "Week starting", labels, keys,
                [new MetricSeries("Layer-4 activations", weeks.Select(w => (double?)w.ByTier.Where(t => shownTiers.Contains(t.Tier)).Sum(t => t.Layer4Activations)).ToList())],
                null, Count),
            new MetricChart(
                "Roster sync lag per source", "chart-sync", ChartType.Bar, "Source", sources.Select(s => $"{s.Name} ({s.UnitCode})").ToList(),
                sources.Select(s => s.Id.ToString()).ToList(),
                [new MetricSeries("Last sync lag", sources.Select(s => s.LastLag is { } lag ? (double?)lag.TotalMinutes : null).ToList())],
                null, MinutesAndSeconds,
                $"Minutes from a change in the schedule to the engine using it, at the last sync (table: min:sec); the target is {SyncTargetMinutes:0} min, and the share of changes applied within it is in the roster sync table."),
            new MetricChart(
                "Weekly trend: messages sent", "chart-weekly", ChartType.Line, "Week starting", labels, keys,
                shownTiers.Select(t => new MetricSeries(t.ToString(), weeks.Select(w => (double?)Of(w, t).Sent).ToList(), TierColour(t))).ToList(),
                null, Count),
        ];
    }

    /// <summary>
    /// Every week of the period, those without a message too (as the report's empty figures), so a trend and its
    /// target line run across the whole period instead of stopping at the weeks that had traffic.
    /// </summary>
    private static IReadOnlyList<WeekFigures> EveryWeek(MetricsReport report, TimeZoneInfo zone)
    {
        if (report.To <= report.From)
        {
            return report.Weekly;
        }

        var reported = report.Weekly.ToDictionary(w => w.WeekStarting);
        var first = EscalationMetrics.WeekStarting(report.From, zone);
        var last = EscalationMetrics.WeekStarting(report.To.AddTicks(-1), zone);
        var weeks = new List<WeekFigures>();
        for (var week = first; week <= last && weeks.Count < 120; week = week.AddDays(7))
        {
            weeks.Add(reported.GetValueOrDefault(week) ?? new WeekFigures(week, []));
        }

        return weeks;
    }

    /// <summary>"1:30" for 1.5 minutes: the way the API's seconds read on the page (whole seconds, cut, not rounded).</summary>
    public static string MinutesAndSeconds(double? minutes)
    {
        if (minutes is not { } value)
        {
            return "–";
        }

        // Undo the division by 60 exactly enough that 90 s stays 90 s, then cut as the page always has.
        var seconds = Math.Round(value * 60, 6);
        return $"{(int)(seconds / 60)}:{(int)(seconds % 60):00}";
    }

    /// <summary>"12.5 %" for 12.5.</summary>
    public static string PercentText(double? percent) =>
        percent is { } value ? $"{value.ToString("0.#", CultureInfo.InvariantCulture)} %" : "–";

    public static string Count(double? count) => count is { } value ? value.ToString("0", CultureInfo.InvariantCulture) : "–";

    private static string TierColour(Tier tier) => tier switch
    {
        Tier.Critical => ClinicalTheme.Critical,
        Tier.Urgent => ClinicalTheme.Urgent,
        _ => ClinicalTheme.Routine,
    };

    private static TierFigures Of(WeekFigures week, Tier tier) =>
        week.ByTier.FirstOrDefault(t => t.Tier == tier) ?? new TierFigures(tier, 0, 0, null, null, null, null, null, 0, 0);

    private static double? Minutes(double? seconds) => seconds / 60;

    private static double? Percent(double? share) => share * 100;
}
