namespace Escalation.Tests.Support;

public static class Eventually
{
    /// <summary>
    /// Waits for a condition that another thread or process brings about (a scheduler firing, an app starting),
    /// checking every 50 ms; fails with the last value read once the time limit passes. Not a sleep for a timeout:
    /// the timeouts under test are driven by a clock or have already passed.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit)
    {
        var giveUpAt = DateTime.UtcNow + limit;
        T value;
        while (!done(value = await read()))
        {
            Assert.True(DateTime.UtcNow < giveUpAt, $"Condition not met in {limit.TotalSeconds:0} s; last value {value}");
            await Task.Delay(50);
        }

        return value;
    }
}
