using Escalation.Domain.Messages;
using Escalation.Domain.Organisation;

namespace Escalation.Domain.Ladders;

/// <summary>Who held the first held of <paramref name="roles"/> at <paramref name="at"/>: the roster as it was then, answered from memory.</summary>
public delegate LayerRecipients RosterAt(IReadOnlyList<ClinicalRoleKind> roles, DateTimeOffset at);

/// <summary>One person reached on one layer (one page of it): its channels count once.</summary>
public sealed record ReplayPage(int Layer, string UserId, DateTimeOffset At);

/// <summary>
/// A message of the replayed period as it really went: when it was sent, when it stopped climbing (its first
/// acknowledgment, else its closure, else still open) and the pages it really made.
/// </summary>
public sealed record ReplayMessage(Guid Id, string Subject, Tier Tier, DateTimeOffset CreatedAt, bool RequiresAck, DateTimeOffset? StoppedAt, IReadOnlyList<ReplayPage> RealPages);

/// <summary>Pages one person got, really and with the draft; night pages are those sent 22:00-07:00 in the unit's zone.</summary>
public sealed record PersonPages(string UserId, int RealPages, int DraftPages, int RealNightPages, int DraftNightPages);

/// <summary>A message the draft treats differently: the highest layer it reached and how many pages it made, real against draft.</summary>
public sealed record MessageChange(Guid MessageId, string Subject, Tier Tier, DateTimeOffset CreatedAt, int RealHighest, int DraftHighest, int RealPages, int DraftPages)
{
    public int LayerDelta => DraftHighest - RealHighest;

    public int PageDelta => DraftPages - RealPages;
}

/// <summary>
/// What a replay found. <see cref="RealReached"/>[i] and <see cref="DraftReached"/>[i] count the messages that reached
/// layer i + 1 (a skipped layer is not reached); both lists are as long as the longer of the two ladders.
/// </summary>
public sealed record ReplayOutcome(
    int Messages,
    IReadOnlyList<int> RealReached,
    IReadOnlyList<int> DraftReached,
    int RealLayer4,
    int DraftLayer4,
    IReadOnlyList<PersonPages> People,
    IReadOnlyList<MessageChange> Changes);

/// <summary>
/// Runs a draft ladder over messages that really happened, with nothing sent and nothing stored. Each message is
/// replayed by the <see cref="Message"/> aggregate itself (the same Start and OnDeadline the engine calls), on a
/// copy that never leaves this method: the draft's timeouts, the message's real acknowledgment time, and whoever the
/// roster had on duty at each simulated instant. So the replay cannot drift from the engine's rules: skipped empty
/// layers, fallback roles, exhaustion and re-paging are the engine's own code. What people did by hand (escalate now,
/// reassign) and an answering-service call's start above layer 1 are not replayed: the draft climbs on timeouts only.
/// </summary>
public static class LadderReplay
{
    public const int Layer4 = 4;
    public const int TopChanges = 10;
    public const string Actor = "system:replay";

    private static readonly TimeSpan NightStarts = TimeSpan.FromHours(22);
    private static readonly TimeSpan NightEnds = TimeSpan.FromHours(7);

    public static ReplayOutcome Run(
        IReadOnlyList<Layer> draft, UnitId unitId, IReadOnlyList<ReplayMessage> messages, RosterAt roster,
        TimeSpan repageInterval, DateTimeOffset periodEnd, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(zone);
        var ladder = Ladder.Create("Replay draft", draft, Actor, periodEnd);
        var people = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var realLayers = messages.SelectMany(m => m.RealPages).Select(p => p.Layer).DefaultIfEmpty(0).Max();
        var width = Math.Max(realLayers, ladder.Layers.Count);
        var realReached = new int[width];
        var draftReached = new int[width];
        int realLayer4 = 0, draftLayer4 = 0;
        var changes = new List<MessageChange>();

        foreach (var message in messages)
        {
            var simulated = Simulate(ladder, unitId, message, roster, repageInterval, periodEnd);
            var realHighest = Count(message.RealPages, realReached, people, zone, real: true);
            var draftHighest = Count(simulated, draftReached, people, zone, real: false);
            realLayer4 += message.RealPages.Any(p => p.Layer >= Layer4) ? 1 : 0;
            draftLayer4 += simulated.Any(p => p.Layer >= Layer4) ? 1 : 0;
            if (realHighest != draftHighest || message.RealPages.Count != simulated.Count)
            {
                changes.Add(new MessageChange(message.Id, message.Subject, message.Tier, message.CreatedAt, realHighest, draftHighest, message.RealPages.Count, simulated.Count));
            }
        }

        return new ReplayOutcome(
            messages.Count,
            realReached,
            draftReached,
            realLayer4,
            draftLayer4,
            people.OrderByDescending(p => Math.Max(p.Value[0], p.Value[1])).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new PersonPages(p.Key, p.Value[0], p.Value[1], p.Value[2], p.Value[3])).ToList(),
            changes.OrderByDescending(c => Math.Abs(c.LayerDelta)).ThenByDescending(c => Math.Abs(c.PageDelta)).ThenBy(c => c.CreatedAt).ThenBy(c => c.MessageId)
                .Take(TopChanges).ToList());
    }

    /// <summary>
    /// The pages the draft would have made for one message. A step due at the very instant of the acknowledgment does
    /// not happen: the acknowledgment came first (the engine would have found the message acknowledged).
    /// </summary>
    public static IReadOnlyList<ReplayPage> Simulate(Ladder ladder, UnitId unitId, ReplayMessage real, RosterAt roster, TimeSpan repageInterval, DateTimeOffset periodEnd)
    {
        var copy = Message.Create(
            new MessageDraft(real.Tier, "replay", default, null, MessageSource.Manual, null, unitId),
            ladder, escalates: true, real.RequiresAck, Actor, real.CreatedAt);
        var stop = real.StoppedAt is { } stopped && stopped < periodEnd ? stopped : periodEnd;
        var at = real.CreatedAt;
        copy.Start(ladder, roles => roster(roles, at), repageInterval, at);
        while (copy.DeadlineAt is { } deadline && deadline < stop)
        {
            at = deadline;
            copy.OnDeadline(ladder, roles => roster(roles, at), repageInterval, at);
        }

        return Pages(copy.Deliveries);
    }

    /// <summary>Deliveries folded to pages: one per layer, page number and person, at its first channel's instant.</summary>
    public static IReadOnlyList<ReplayPage> Pages(IEnumerable<Delivery> deliveries) =>
        deliveries.Where(d => d.Layer > 0)
            .GroupBy(d => (d.Layer, d.Page, d.RecipientId))
            .Select(g => new ReplayPage(g.Key.Layer, g.Key.RecipientId, g.Min(d => d.DeliveredAt)))
            .OrderBy(p => p.At).ThenBy(p => p.Layer).ThenBy(p => p.UserId, StringComparer.Ordinal)
            .ToList();

    /// <summary>Whether a page woke somebody: sent from 22:00 to 07:00 on the wall clock of <paramref name="zone"/>.</summary>
    public static bool IsNight(DateTimeOffset at, TimeZoneInfo zone)
    {
        var time = TimeZoneInfo.ConvertTime(at, zone).TimeOfDay;
        return time >= NightStarts || time < NightEnds;
    }

    /// <summary>Adds one message's pages to the totals; returns the highest layer it reached (0 for none).</summary>
    private static int Count(IReadOnlyList<ReplayPage> pages, int[] reached, Dictionary<string, int[]> people, TimeZoneInfo zone, bool real)
    {
        var highest = 0;
        var seen = 0UL;
        foreach (var page in pages)
        {
            highest = Math.Max(highest, page.Layer);
            if (page.Layer <= reached.Length && (seen & (1UL << page.Layer)) == 0)
            {
                seen |= 1UL << page.Layer;
                reached[page.Layer - 1]++;
            }

            if (!people.TryGetValue(page.UserId, out var counts))
            {
                counts = new int[4];
                people.Add(page.UserId, counts);
            }

            counts[real ? 0 : 1]++;
            if (IsNight(page.At, zone))
            {
                counts[real ? 2 : 3]++;
            }
        }

        return highest;
    }
}
