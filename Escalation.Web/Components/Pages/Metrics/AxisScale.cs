namespace Escalation.Web.Components.Pages.Metrics;

/// <summary>
/// A value axis that reads at a glance: it starts at zero, steps by 1, 2 or 5 times a power of ten, and ends on a
/// step at or just above the highest value (a target line included, so it is always on the chart).
/// </summary>
public readonly record struct AxisScale(int Max, int Step)
{
    /// <summary>An axis for values up to <paramref name="highest"/> in about <paramref name="steps"/> steps (whole numbers: MudChart's ticks are integers).</summary>
    public static AxisScale For(double highest, int steps = 5)
    {
        if (double.IsNaN(highest) || highest <= 0)
        {
            return new AxisScale(steps, 1);
        }

        var raw = highest / Math.Max(1, steps);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var residual = raw / magnitude;
        var nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
        var step = Math.Max(1, (int)Math.Round(nice * magnitude));
        // A hair of floating-point noise above a step must not add a whole empty step.
        var count = Math.Max(1, (int)Math.Ceiling(Math.Round(highest / step, 9)));
        return new AxisScale(count * step, step);
    }

    /// <summary>The tick values from zero to the top: 0, Step, 2 Step, ... Max.</summary>
    public IReadOnlyList<int> Ticks
    {
        get
        {
            var step = Step;
            return Enumerable.Range(0, (Max / step) + 1).Select(i => i * step).ToList();
        }
    }
}
