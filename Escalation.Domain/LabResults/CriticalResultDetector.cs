using System.Globalization;

namespace Escalation.Domain.LabResults;

/// <summary>
/// Decides whether a lab result is a critical or urgent message. The observation's own value and every component
/// (systolic, diastolic, ...) are judged separately, each twice: by the laboratory's interpretation flag and by the
/// site's limits; the site's <see cref="LabDetectionPolicy"/> says which judgement wins when they disagree.
/// </summary>
public static class CriticalResultDetector
{
    private static readonly HashSet<string> InterpretationSystems = new(StringComparer.Ordinal)
    {
        "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
        "http://terminology.hl7.org/CodeSystem/v2-0078",
        "http://hl7.org/fhir/v2/0078",
        "http://hl7.org/fhir/v3/ObservationInterpretation",
    };

    public static Detection Evaluate(LabObservation observation, IReadOnlyList<CriticalLimit> limits, LabDetectionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(policy);

        if (!observation.IsReportable)
        {
            return Detection.Nothing($"Status {observation.Status}: not a result to act on.");
        }

        var judged = PartsOf(observation).Select(p => Judge(p, limits, policy)).ToList();
        if (judged.Count == 0)
        {
            return Detection.Nothing("No value, component or flag to judge.");
        }

        var worst = judged.Max(j => j.Flag);
        var outcome = OutcomeOf(worst, policy);
        var deciding = judged.Where(j => j.Flag == worst).ToList();
        var reason = string.Join("; ", deciding.Select(j => $"{j.Label}: {j.Why}"));
        if (outcome == DetectionOutcome.None)
        {
            var summary = worst switch
            {
                ResultFlag.Abnormal => "Abnormal, and this site does not send urgent messages for abnormal results. ",
                ResultFlag.Normal => "Normal. ",
                _ => "Cannot be judged. ",
            };
            return new Detection(DetectionOutcome.None, worst, summary + reason, []);
        }

        return new Detection(outcome, worst, reason, deciding.Select(j => j.Label).ToList());
    }

    /// <summary>The flag an interpretation code stands for, or Unknown for a code from another system or meaning.</summary>
    public static ResultFlag FlagOf(LabCoding interpretation)
    {
        ArgumentNullException.ThrowIfNull(interpretation);
        if (interpretation.System is not null && !InterpretationSystems.Contains(interpretation.System))
        {
            return ResultFlag.Unknown;
        }

        return interpretation.Code switch
        {
            "AA" or "HH" or "LL" => ResultFlag.Critical,
            // HU/LU ("significantly high/low") sit between H and HH: abnormal, not critical, unless the limits say so.
            "A" or "H" or "L" or "HU" or "LU" => ResultFlag.Abnormal,
            "N" => ResultFlag.Normal,
            _ => ResultFlag.Unknown,
        };
    }

    /// <summary>
    /// Whether a reported unit is the limit's unit. UCUM codes are case-sensitive (mg and Mg differ), with one
    /// exception UCUM itself makes: "l" and "L" are both the litre. So mmol/l matches mmol/L and mg/dl matches mg/dL,
    /// but no other difference in case does.
    /// </summary>
    public static bool SameUnit(string? reported, string limitUnit)
    {
        ArgumentNullException.ThrowIfNull(limitUnit);
        return reported is not null && string.Equals(NormaliseLitre(reported.Trim()), NormaliseLitre(limitUnit), StringComparison.Ordinal);
    }

    private static string NormaliseLitre(string unit)
    {
        var chars = unit.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] != 'l')
            {
                continue;
            }

            var before = i == 0 ? '/' : chars[i - 1];
            var beforeThat = i < 2 ? '/' : chars[i - 2];
            var after = i == chars.Length - 1 ? '/' : chars[i + 1];
            var atomEndsHere = !char.IsLetter(after);
            var bareLitre = !char.IsLetter(before);
            var prefixedLitre = "dcmunpfk".Contains(before, StringComparison.Ordinal) && !char.IsLetter(beforeThat);
            if (atomEndsHere && (bareLitre || prefixedLitre))
            {
                chars[i] = 'L';
            }
        }

        return new string(chars);
    }

    private static DetectionOutcome OutcomeOf(ResultFlag flag, LabDetectionPolicy policy) => flag switch
    {
        ResultFlag.Critical => DetectionOutcome.Critical,
        ResultFlag.Abnormal when policy.UrgentForAbnormal => DetectionOutcome.Urgent,
        _ => DetectionOutcome.None,
    };

    private sealed record Part(string Label, IReadOnlyList<LabCoding> Codes, LabQuantity? Quantity, IReadOnlyList<LabCoding> Flags, LabReferenceRange? Range);

    private sealed record Judged(string Label, ResultFlag Flag, string Why);

    private static IEnumerable<Part> PartsOf(LabObservation o)
    {
        var hasOwnResult = o.Quantity is not null || o.StringValue is not null || o.Interpretations.Count > 0;
        if (hasOwnResult || o.Components.Count == 0)
        {
            yield return new Part(LabelOf(o.Codes, o.Name), o.Codes, o.Quantity, o.Interpretations, o.ReferenceRange);
        }

        foreach (var c in o.Components)
        {
            yield return new Part(LabelOf(c.Codes, LabObservation.NameOf(c.Text, c.Codes)), c.Codes, c.Quantity, c.Interpretations, c.ReferenceRange);
        }
    }

    private static string LabelOf(IReadOnlyList<LabCoding> codes, string name)
    {
        var code = codes.FirstOrDefault(c => c.System == LabCoding.Loinc)?.Code ?? codes.FirstOrDefault()?.Code;
        return code is null || code == name ? name : $"{code} {name}";
    }

    private static Judged Judge(Part part, IReadOnlyList<CriticalLimit> limits, LabDetectionPolicy policy)
    {
        var flags = part.Flags.Where(f => FlagOf(f) != ResultFlag.Unknown).ToList();
        var byFlag = flags.Count == 0 ? ResultFlag.Unknown : flags.Max(FlagOf);
        var flagWhy = flags.Count == 0
            ? "no interpretation flag"
            : $"lab flag {string.Join(",", flags.Select(f => f.Code))} ({Word(byFlag)})";
        var (byLimits, limitsWhy) = JudgeByLimits(part, limits);

        var flag = policy.Precedence switch
        {
            FlagPrecedence.LabFlagWins => byFlag != ResultFlag.Unknown ? byFlag : byLimits,
            FlagPrecedence.LimitsWin => byLimits != ResultFlag.Unknown ? byLimits : byFlag,
            _ => (ResultFlag)Math.Max((int)byFlag, (int)byLimits),
        };

        var why = $"{flagWhy}; {limitsWhy}";
        if (byFlag != ResultFlag.Unknown && byLimits != ResultFlag.Unknown && byFlag != byLimits)
        {
            var winner = policy.Precedence switch
            {
                FlagPrecedence.LabFlagWins => "the lab flag wins",
                FlagPrecedence.LimitsWin => "the limits win",
                _ => "the more severe wins",
            };
            why += $" (flag and limits disagree: {winner})";
        }

        return new Judged(part.Label, flag, why);
    }

    private static (ResultFlag Flag, string Why) JudgeByLimits(Part part, IReadOnlyList<CriticalLimit> limits)
    {
        if (part.Quantity is not { } q)
        {
            return (ResultFlag.Unknown, "no numeric value for the limits");
        }

        var loincCodes = part.Codes.Where(c => c.System is null or LabCoding.Loinc && c.Code is not null).Select(c => c.Code!).ToHashSet(StringComparer.Ordinal);
        var forAnalyte = limits.Where(l => loincCodes.Contains(l.LoincCode)).ToList();
        var reportedUnit = q.UnitCode ?? q.Unit;
        var limit = forAnalyte.FirstOrDefault(l => SameUnit(reportedUnit, l.Unit));
        if (limit is null)
        {
            return forAnalyte.Count == 0
                ? (ResultFlag.Unknown, "no site limit for this analyte")
                : (ResultFlag.Unknown, $"reported in {reportedUnit ?? "no unit"} but the limits are in {string.Join(", ", forAnalyte.Select(l => l.Unit).Distinct())}: not judged by limits");
        }

        var shown = Show(q);
        if (limit.HighCritical is { } hc && DefinitelyAbove(q, hc))
        {
            return (ResultFlag.Critical, $"{shown} is above the critical high {Num(hc)} {limit.Unit}");
        }

        if (limit.LowCritical is { } lc && DefinitelyBelow(q, lc))
        {
            return (ResultFlag.Critical, $"{shown} is below the critical low {Num(lc)} {limit.Unit}");
        }

        // An open-ended value (">6.0" against a limit of 6.2) may lie on either side: never call it normal.
        if ((limit.HighCritical is { } ph && PossiblyAbove(q, ph)) || (limit.LowCritical is { } pl && PossiblyBelow(q, pl)))
        {
            return (ResultFlag.Abnormal, $"{shown} may be beyond the critical limits ({Range(limit.LowCritical, limit.HighCritical)} {limit.Unit})");
        }

        var rangeInSameUnit = part.Range is { } r && (r.Unit is null || SameUnit(r.Unit, limit.Unit)) ? part.Range : null;
        var lowAbnormal = limit.LowAbnormal ?? rangeInSameUnit?.Low;
        var highAbnormal = limit.HighAbnormal ?? rangeInSameUnit?.High;
        if ((highAbnormal is { } ha && DefinitelyAbove(q, ha)) || (lowAbnormal is { } la && DefinitelyBelow(q, la)))
        {
            return (ResultFlag.Abnormal, $"{shown} is outside {Range(lowAbnormal, highAbnormal)} {limit.Unit} but within the critical limits");
        }

        return (ResultFlag.Normal, $"{shown} is within the limits");
    }

    private static bool DefinitelyAbove(LabQuantity q, decimal t) => q.Comparator switch
    {
        ">" => q.Value >= t,
        ">=" => q.Value > t,
        "<" or "<=" => false,
        _ => q.Value > t,
    };

    private static bool DefinitelyBelow(LabQuantity q, decimal t) => q.Comparator switch
    {
        "<" => q.Value <= t,
        "<=" => q.Value < t,
        ">" or ">=" => false,
        _ => q.Value < t,
    };

    private static bool PossiblyAbove(LabQuantity q, decimal t) => q.Comparator is ">" or ">=" || q.Value > t;

    private static bool PossiblyBelow(LabQuantity q, decimal t) => q.Comparator is "<" or "<=" || q.Value < t;

    private static string Word(ResultFlag flag) => flag.ToString().ToLowerInvariant();

    private static string Show(LabQuantity q) => $"{q.Comparator}{Num(q.Value)} {q.UnitCode ?? q.Unit}".TrimEnd();

    private static string Range(decimal? low, decimal? high) => (low, high) switch
    {
        ({ } l, { } h) => $"{Num(l)}–{Num(h)}",
        ({ } l, null) => $"≥{Num(l)}",
        (null, { } h) => $"≤{Num(h)}",
        _ => "no range",
    };

    internal static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
