namespace Escalation.Tests.Support;

/// <summary>Changes written through the aggregate straight to the database, past the engine's own rules: the state a probe found before a rule existed.</summary>
public static class PastTheEngine
{
    public static async Task ReassignAsync(EscalationDbContext db, MessageId id, string recipientId, DateTimeOffset now)
    {
        var message = await db.Messages.Include(m => m.Deliveries).SingleAsync(m => m.Id == id);
        var ladder = await db.Ladders.AsNoTracking().SingleAsync(l => l.Id == message.LadderId);
        Assert.True(message.Reassign(ladder, recipientId, "test", now).Succeeded);
        await db.SaveChangesAsync();
    }
}
