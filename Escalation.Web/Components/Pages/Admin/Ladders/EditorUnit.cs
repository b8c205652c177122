namespace Escalation.Web.Components.Pages.Admin.LadderEditing;

/// <summary>Which unit the editor first shows "who would receive it" for, without naming any unit in code.</summary>
public static class EditorUnit
{
    /// <summary>The editor's own home unit; else the unit most people call home (where a ladder matters most); else the first.</summary>
    public static Guid Default(IReadOnlyList<UnitDto> units, IReadOnlyList<PersonDto> people, Guid? homeUnitId)
    {
        if (homeUnitId is { } home && units.Any(u => u.Id == home))
        {
            return home;
        }

        return units.OrderByDescending(u => people.Count(p => p.IsActive && p.HomeUnitCode == u.Code)).Select(u => u.Id).FirstOrDefault();
    }
}
