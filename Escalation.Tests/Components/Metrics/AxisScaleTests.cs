using Escalation.Web.Components.Pages.Metrics;

namespace Escalation.Tests.Components.Metrics;

[Trait("Category", "Unit")]
public sealed class AxisScaleTests
{
    [Theory]
    [InlineData(3, 3, 1)]        // the 3-minute target alone: 0, 1, 2, 3
    [InlineData(7.3, 8, 2)]
    [InlineData(15.4, 20, 5)]
    [InlineData(42, 50, 10)]
    [InlineData(100, 100, 20)]
    [InlineData(1234, 1500, 500)]
    [InlineData(0.4, 1, 1)]      // ticks are whole numbers
    public void For_PicksARoundStep_AndTheFirstStepAtOrAboveTheHighestValue(double highest, int max, int step)
    {
        var scale = AxisScale.For(highest);

        Assert.Equal(new AxisScale(max, step), scale);
        Assert.True(scale.Max >= highest);
        Assert.Equal(0, scale.Max % scale.Step);
    }

    [Fact]
    public void For_NothingToShow_StillGivesAReadableAxis()
    {
        Assert.Equal(new AxisScale(5, 1), AxisScale.For(0));
        Assert.Equal(new AxisScale(5, 1), AxisScale.For(double.NaN));
    }

    [Fact]
    public void For_AValueOnAStep_DoesNotAddAnEmptyStep()
    {
        Assert.Equal(new AxisScale(30, 10), AxisScale.For(30.000000000001));
    }

    [Fact]
    public void Ticks_RunFromZeroToTheTopByTheStep()
    {
        Assert.Equal([0, 2, 4, 6, 8], new AxisScale(8, 2).Ticks);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(50)]
    public void EveryStep_IsOneTwoOrFiveTimesAPowerOfTen(int highest)
    {
        var step = AxisScale.For(highest * 4.7).Step;
        var leading = step / (int)Math.Pow(10, Math.Floor(Math.Log10(step)));
        Assert.Contains(leading, new[] { 1, 2, 5 });
    }
}
