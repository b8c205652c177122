using Escalation.Infrastructure.Roster;

namespace Escalation.Web.Components.Pages.Roster;

/// <summary>A stretch of time when nobody in a unit would receive some layers: "Critical layers 1, 2 (Primary nurse / Charge nurse)".</summary>
public sealed record UncoveredLine(string UnitCode, string Layers, string Roles, string When);

/// <summary>Somebody a layer would call who has no verified phone.</summary>
public sealed record PhoneLine(string DisplayName, string UnitCode, string Ladder, int Layer, string When);

/// <summary>
/// The roster gaps as sentences: one line per unit and stretch of time (its layers grouped by ladder), times in the
/// zone given, and "for the whole period" when a gap spans the card's horizon.
/// </summary>
public sealed record RosterGapLines(int Hours, IReadOnlyList<UncoveredLine> Uncovered, IReadOnlyList<PhoneLine> NoVerifiedPhone)
{
    public bool IsEmpty => Uncovered.Count == 0 && NoVerifiedPhone.Count == 0;

    public static RosterGapLines For(RosterGaps gaps, TimeZoneInfo zone)
    {
        string Span(DateTimeOffset from, DateTimeOffset to) =>
            to >= gaps.To && from <= gaps.From ? "for the whole period" : $"{TimeText.When(from, zone)} – {TimeText.When(to, zone)}";

        var uncovered = gaps.Uncovered.GroupBy(g => (g.UnitCode, g.StartsAt, g.EndsAt)).Select(group => new UncoveredLine(
            group.Key.UnitCode,
            string.Join(" and ", group.GroupBy(g => g.Ladder).Select(l => $"{l.Key} layer{(l.Count() > 1 ? "s" : "")} {string.Join(", ", l.Select(g => g.Layer))}")),
            string.Join("; ", group.DistinctBy(g => g.Layer).OrderBy(g => g.Layer).Select(g => string.Join(" / ", g.Roles))),
            Span(group.Key.StartsAt, group.Key.EndsAt))).ToList();
        var phones = gaps.NoVerifiedPhone.Select(p => new PhoneLine(p.DisplayName, p.UnitCode, p.Ladder, p.Layer, Span(p.StartsAt, p.EndsAt))).ToList();
        return new RosterGapLines((int)(gaps.To - gaps.From).TotalHours, uncovered, phones);
    }
}
