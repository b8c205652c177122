using Escalation.Domain.Common;
using Escalation.Infrastructure.Hosting;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// Finds acknowledged Critical and Urgent messages nobody closed, past their tier's windows, and lets each message
/// decide (<see cref="Message.OnForgottenAck"/>): remind its acknowledger once, then put it on the board once. The
/// windows are read from the tier policies at every pass, so a change on the tiers page applies at the next pass.
/// Every node sweeps; the message's concurrency token lets one commit each step, so no coordination is needed.
/// </summary>
public sealed class ForgottenAckSweep(IDbContextFactory<EscalationDbContext> contexts, EscalationEngine engine, TimeProvider clock, EngineOptions options)
{
    /// <summary>One pass: answers how many reminders and board flags it committed.</summary>
    public async Task<(int Reminded, int Flagged)> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var due = new List<(MessageId Id, AckWindows Windows)>();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var policies = await db.TierPolicies.AsNoTracking().ToListAsync(cancellationToken);
            foreach (var policy in policies.Where(p => p.Tier != Tier.Routine))
            {
                if (policy.AckWindows is not { } windows)
                {
                    continue;
                }

                var (remindBefore, boardBefore) = (now - windows.RemindAfter, now - windows.BoardAfter);
                var tier = policy.Tier;
                var ids = await db.Messages
                    .Where(m => m.State == MessageState.Acknowledged && m.Tier == tier && !m.IsBroadcast
                        && ((m.AckRemindedAt == null && m.AcknowledgedAt <= remindBefore) || (m.AckFlaggedAt == null && m.AcknowledgedAt <= boardBefore)))
                    .OrderBy(m => m.AcknowledgedAt)
                    .Select(m => m.Id)
                    .Take(options.AuditorBatchSize)
                    .ToListAsync(cancellationToken);
                due.AddRange(ids.Select(id => (id, windows)));
            }
        }

        var (reminded, flagged) = (0, 0);
        foreach (var (id, windows) in due)
        {
            var outcome = ForgottenAckOutcome.None;
            await engine.SystemStepAsync(id, (message, at) =>
            {
                // Decided again on every attempt: after a lost race the message reloads with the winner's stamps.
                outcome = message.OnForgottenAck(windows, at);
                return Result.Ok;
            }, cancellationToken);
            reminded += outcome.HasFlag(ForgottenAckOutcome.Reminded) ? 1 : 0;
            flagged += outcome.HasFlag(ForgottenAckOutcome.FlaggedOnBoard) ? 1 : 0;
        }

        return (reminded, flagged);
    }
}

/// <summary>Runs <see cref="ForgottenAckSweep"/> on every node at <see cref="EngineOptions.ForgottenAckInterval"/>.</summary>
internal sealed class ForgottenAckService(ForgottenAckSweep sweep, EngineOptions options, TimeProvider clock, ILogger<ForgottenAckService> logger)
    : PollingService(clock, logger)
{
    protected override string Work => "Forgotten-acknowledgment sweep";

    protected override async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        await sweep.SweepAsync(cancellationToken);
        return options.ForgottenAckInterval;
    }
}
