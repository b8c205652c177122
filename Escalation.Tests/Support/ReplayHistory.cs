using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Ladders;
using Escalation.Infrastructure.Roster;

namespace Escalation.Tests.Support;

/// <summary>
/// A month of past messages written straight to the database for the replay's page and benchmark, where driving the
/// engine step by step through 10,000 messages would take longer than the test. Each message is climbed by the
/// <see cref="Message"/> aggregate, the engine's own rules, on the unit's stored roster, and acknowledged by whoever
/// it last reached; the scenario tests (LadderReplayScenarioTests) use the real engine instead.
/// </summary>
public static class ReplayHistory
{
    /// <summary>One past message: when it was sent and after how long it was acknowledged (null: still open).</summary>
    public sealed record Past(DateTimeOffset At, TimeSpan? AckAfter, Tier Tier = Tier.Critical, string Subject = "K+ 6.9 mmol/L");

    public static async Task<int> SeedAsync(
        IDbContextFactory<EscalationDbContext> contexts, UnitId unitId, Guid ladderFamilyId, PatientDataProtector protector,
        TimeSpan repageInterval, DateTimeOffset now, IReadOnlyList<Past> messages)
    {
        var from = messages.Min(m => m.At);
        Ladder ladder;
        RosterHistory roster;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            ladder = await db.Ladders.AsNoTracking().SingleAsync(l => l.FamilyId == ladderFamilyId && l.IsCurrent);
            var unitRoster = await UnitRoster.LoadAsync(db, unitId, from, now, CancellationToken.None)
                ?? throw new InvalidOperationException("No such unit.");
            roster = new RosterHistory(unitRoster, from, now);
        }

        var body = protector.Protect("Potassium 6.9 mmol/L, bed 12");
        foreach (var batch in messages.Chunk(1000))
        {
            await using var db = await contexts.CreateDbContextAsync();
            foreach (var past in batch)
            {
                var message = Message.Create(new MessageDraft(past.Tier, past.Subject, body, null, MessageSource.Manual, null, unitId),
                    ladder, escalates: true, requiresAck: true, "seed", past.At);
                var at = past.At;
                message.Start(ladder, roles => roster.Resolve(roles, at), repageInterval, at);
                var stop = past.AckAfter is { } after ? past.At + after : now;
                while (message.DeadlineAt is { } deadline && deadline < stop)
                {
                    at = deadline;
                    message.OnDeadline(ladder, roles => roster.Resolve(roles, at), repageInterval, at);
                }

                if (past.AckAfter is not null && message.Deliveries.Count > 0)
                {
                    message.Acknowledge(message.Deliveries[^1].RecipientId, onBehalf: false, stop);
                }

                message.ClearEvents();
                db.Messages.Add(message);
            }

            await db.SaveChangesAsync();
        }

        return messages.Count;
    }
}
