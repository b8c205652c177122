namespace Escalation.Domain.LabResults;

/// <summary>Which judgement a site trusts when the laboratory's flag and the site's limits disagree.</summary>
public enum FlagPrecedence
{
    /// <summary>The more severe of the two: a site never misses a critical value because one side was silent.</summary>
    MostSevereWins,

    /// <summary>The laboratory's interpretation flag; the limits only decide when the laboratory sent no flag.</summary>
    LabFlagWins,

    /// <summary>The site's limits; the flag only decides when no limit matches the analyte and unit.</summary>
    LimitsWin,
}
