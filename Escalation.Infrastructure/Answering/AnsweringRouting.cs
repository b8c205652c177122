using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Roster;

namespace Escalation.Infrastructure.Answering;

/// <summary>
/// Starts a message an answering service sent, inside the engine's send transaction: within the practice's office
/// hours the ladder starts as usual; outside them it starts with whoever holds the on-call physician role, at the
/// first layer that addresses that role. The caller's details are stored encrypted in the same transaction.
/// </summary>
public static class AnsweringRouting
{
    public const string AuditKind = "AnsweringServiceCall";

    public static async Task<AuditRecord> StartAsync(
        EscalationDbContext db,
        Message message,
        Ladder ladder,
        RosterSnapshot roster,
        AnsweringCall call,
        PatientDataProtector protector,
        string actor,
        TimeSpan repageInterval,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var unit = await db.Units.AsNoTracking().SingleAsync(u => u.Id == message.UnitId, cancellationToken);
        var settings = await db.Set<PracticeSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.UnitId == message.UnitId, cancellationToken);
        var hours = settings?.Hours ?? OfficeHours.Default;
        var afterHours = !hours.IsOpenAt(now, unit.Zone);
        string routing;
        if (!afterHours)
        {
            message.Start(ladder, roster.Resolve, repageInterval, now);
            routing = "office hours: the ladder's first layer on duty";
        }
        else
        {
            var number = ladder.Layers.Select((layer, index) => (layer, index)).FirstOrDefault(l => l.layer.Roles.Contains(ClinicalRoleKind.OnCallPhysician)).index + 1;
            var hasLayer = ladder.Layers.Any(l => l.Roles.Contains(ClinicalRoleKind.OnCallPhysician));
            var onCall = roster.Holders(ClinicalRoleKind.OnCallPhysician);
            if (hasLayer && onCall.Count > 0)
            {
                // Only the on-call physician, even where the layer also names the attending: out of hours the
                // attending is not the practice's contact. Later layers resolve as usual.
                message.StartAt(number, ladder, _ => new LayerRecipients(ClinicalRoleKind.OnCallPhysician, onCall), repageInterval, now);
                routing = $"after hours: the on-call physician, layer {number}";
            }
            else
            {
                // Never lost: with no on-call physician to reach, the ladder starts as it would by day.
                message.Start(ladder, roster.Resolve, repageInterval, now);
                routing = hasLayer
                    ? "after hours, but nobody holds the on-call physician role: the ladder's first layer on duty"
                    : "after hours, but the ladder has no on-call physician layer: the ladder's first layer on duty";
            }
        }

        db.Add(new AnsweringServiceCall(
            message.Id,
            protector.Protect(call.CallerName),
            protector.Protect(call.CallbackNumber),
            string.IsNullOrWhiteSpace(call.Reason) ? null : protector.Protect(call.Reason.Trim()),
            call.TriageTier,
            afterHours,
            routing,
            now));
        return new AuditRecord(now, actor, AuditKind, message.Id.Value,
            Detail: $"{call.TriageTier} call, {(afterHours ? "outside" : "within")} office hours ({hours}, {unit.TimeZoneId}); {routing}");
    }
}
