using Escalation.Infrastructure.Engine;

namespace Escalation.Tests.Web;

[Trait("Category", "Unit")]
public sealed class EngineNotifierTests
{
    [Fact]
    public void ThrowingSubscriber_DoesNotStopTheOthers_NorTheCaller()
    {
        var notifier = new EngineNotifier();
        var received = 0;
        using var broken = notifier.Subscribe(_ => throw new InvalidOperationException("screen gone"));
        using var working = notifier.Subscribe(_ => received++);

        notifier.Publish(new MessageChanged(MessageId.New(), ["nurse"], MessageState.Open, 1));

        Assert.Equal(1, received);
    }

    [Fact]
    public void DisposedSubscription_HearsNothing()
    {
        var notifier = new EngineNotifier();
        var received = 0;
        var subscription = notifier.Subscribe(_ => received++);
        subscription.Dispose();

        notifier.Publish(new MessageChanged(MessageId.New(), [], MessageState.Closed, 0));

        Assert.Equal(0, received);
    }
}
