namespace Escalation.Domain.LabResults;

/// <summary>
/// What the service concluded about one version of a result, kept so the next version can be compared with it:
/// the outcome, the flag, the deciding value (the observation's own value, or the first component that raised the
/// outcome) with its unit, and the direction it deviates in.
/// </summary>
public sealed record JudgedResult(DetectionOutcome Outcome, ResultFlag Flag, decimal? Value, string? Unit, ResultDirection Direction)
{
    public static JudgedResult Of(LabObservation observation, Detection detection, IReadOnlyList<CriticalLimit> limits)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(detection);
        ArgumentNullException.ThrowIfNull(limits);

        var (codes, quantity, flags) = (observation.Codes, observation.Quantity, observation.Interpretations);
        if (quantity is null && observation.StringValue is null && observation.Components.Count > 0)
        {
            var deciding = observation.Components.FirstOrDefault(c => detection.TriggeredBy.Any(t => t.EndsWith(LabObservation.NameOf(c.Text, c.Codes), StringComparison.Ordinal)))
                ?? observation.Components[0];
            (codes, quantity, flags) = (deciding.Codes, deciding.Quantity, deciding.Interpretations);
        }

        return new JudgedResult(detection.Outcome, detection.Flag, quantity?.Value, quantity?.UnitCode ?? quantity?.Unit, DirectionOf(codes, quantity, flags, limits));
    }

    /// <summary>
    /// Whether this (later) version of a result must page again, compared with the last version that was judged.
    /// It is worse exactly when it asks for a message at all (<see cref="Outcome"/> is not None) and one of these holds:
    /// <list type="number">
    /// <item>a higher outcome: None &lt; Urgent &lt; Critical (an abnormal result amended to a critical one);</item>
    /// <item>a more severe flag: Unknown and Normal &lt; Abnormal &lt; Critical;</item>
    /// <item>both critical and the value now deviates in the other direction (high amended to low): a finding the
    /// clinician has not been told of;</item>
    /// <item>both critical, the same direction, the same unit, and the value strictly further out: greater when high,
    /// smaller when low.</item>
    /// </list>
    /// Anything else (the same, milder, back to normal, a value not comparable because the unit changed or there is no
    /// number) is not worse: it is noted on the open message instead of paging somebody twice for one finding.
    /// Comparators (">6.5") are not weighed: the number is compared as written, which errs towards paging.
    /// </summary>
    public bool IsWorseThan(JudgedResult earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        if (Outcome == DetectionOutcome.None)
        {
            return false;
        }

        if (Outcome > earlier.Outcome || Rank(Flag) > Rank(earlier.Flag))
        {
            return true;
        }

        if (Outcome != DetectionOutcome.Critical || earlier.Outcome != DetectionOutcome.Critical)
        {
            return false;
        }

        if (Direction != ResultDirection.None && earlier.Direction != ResultDirection.None && Direction != earlier.Direction)
        {
            return true;
        }

        if (Value is not { } now || earlier.Value is not { } before || Direction != earlier.Direction || !string.Equals(Unit, earlier.Unit, StringComparison.Ordinal))
        {
            return false;
        }

        return Direction switch
        {
            ResultDirection.High => now > before,
            ResultDirection.Low => now < before,
            _ => false,
        };
    }

    private static int Rank(ResultFlag flag) => flag switch
    {
        ResultFlag.Critical => 2,
        ResultFlag.Abnormal => 1,
        _ => 0,
    };

    private static ResultDirection DirectionOf(IReadOnlyList<LabCoding> codes, LabQuantity? quantity, IReadOnlyList<LabCoding> flags, IReadOnlyList<CriticalLimit> limits)
    {
        if (quantity is not null)
        {
            var loinc = codes.Where(c => c.System is null or LabCoding.Loinc && c.Code is not null).Select(c => c.Code!).ToHashSet(StringComparer.Ordinal);
            var limit = limits.FirstOrDefault(l => loinc.Contains(l.LoincCode) && CriticalResultDetector.SameUnit(quantity.UnitCode ?? quantity.Unit, l.Unit));
            if (limit?.HighCritical is { } high && quantity.Value > high)
            {
                return ResultDirection.High;
            }

            if (limit?.LowCritical is { } low && quantity.Value < low)
            {
                return ResultDirection.Low;
            }
        }

        // The lab's flag tells the side when the limits cannot (no limit for the analyte, or within them).
        foreach (var flag in flags.Where(f => CriticalResultDetector.FlagOf(f) != ResultFlag.Unknown))
        {
            switch (flag.Code)
            {
                case "HH" or "H" or "HU":
                    return ResultDirection.High;
                case "LL" or "L" or "LU":
                    return ResultDirection.Low;
            }
        }

        return ResultDirection.None;
    }
}
