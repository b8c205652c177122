using Escalation.Infrastructure.Hl7v2;

namespace Escalation.Tests.Hl7v2;

/// <summary>
/// <c>Hl7v2:MaxConnections</c> 2: silent clients hold their slots only until the idle timeout (on the test clock),
/// and a connection over the limit is closed at once rather than queued.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class Hl7v2ConnectionLimitTests() : Hl7v2Test(new Dictionary<string, string?>
{
    ["Hl7v2:MaxConnections"] = "2",
    ["Hl7v2:IdleTimeout"] = IdleTimeout.ToString(),
})
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task OverTheLimit_ANewConnectionIsClosed_AndOnceTheSilentOnesTimeOut_ItIsServed()
    {
        await using var first = await LisClient.ConnectAsync(Hl7.Port);
        await using var second = await LisClient.ConnectAsync(Hl7.Port);
        await using var third = await LisClient.ConnectAsync(Hl7.Port);

        Assert.True(await third.ClosedByListenerAsync(TimeSpan.FromSeconds(30)));
        Hl7.App.Clock.Advance(IdleTimeout + TimeSpan.FromSeconds(1));
        Assert.True(await first.ClosedByListenerAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await second.ClosedByListenerAsync(TimeSpan.FromSeconds(30)));

        // The slots come back when the connections' tasks end: the next connection may race them, so it retries.
        var ack = await Eventually.UntilAsync(async () =>
        {
            await using var next = await LisClient.ConnectAsync(Hl7.Port);
            try
            {
                return (await next.SendAsync(Hl7v2Corpus.Text("v251-elr-potassium-normal.hl7"))).Segments[1].Value(1);
            }
            catch (Exception exception) when (exception is IOException or Xunit.Sdk.XunitException)
            {
                return "closed";
            }
        }, code => code == "AA", TimeSpan.FromSeconds(30));
        Assert.Equal("AA", ack);
    }
}
