namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// Where each field of a one-shift-per-row file is, found by header name with the aliases scheduling tools use
/// ("Provider", "Assignment", "From"...). When a header has two columns for one field the earlier alias wins, so a
/// file with both "Name" and "Email" reads the name. -1 means the column is absent.
/// </summary>
internal sealed record ShiftColumns(int Role, int Person, int Start, int End, int Unit, int Date, int StartDate, int EndDate)
{
    public static readonly string[] RoleAliases = ["role", "position", "assignment", "shift"];
    public static readonly string[] PersonAliases = ["person", "name", "staff", "provider", "employee", "email", "e mail"];
    public static readonly string[] StartAliases = ["start", "starts", "start time", "from"];
    public static readonly string[] EndAliases = ["end", "ends", "end time", "to"];
    public static readonly string[] UnitAliases = ["unit", "department", "location"];

    public bool HasRequired => Role >= 0 && Person >= 0 && Start >= 0 && End >= 0;

    public bool HasStartAndEnd => Start >= 0 && End >= 0;

    /// <summary>Whether any column names a shift-list field, which is enough to guess the layout.</summary>
    public bool HasAny => Role >= 0 || Person >= 0 || Start >= 0 || End >= 0;

    public static ShiftColumns Map(IReadOnlyList<string> header)
    {
        var normalized = header.Select(CsvFile.Normalize).ToList();
        int Find(params string[] aliases)
        {
            foreach (var alias in aliases)
            {
                var index = normalized.IndexOf(alias);
                if (index >= 0)
                {
                    return index;
                }
            }

            return -1;
        }

        return new ShiftColumns(
            Find(RoleAliases),
            Find(PersonAliases),
            Find(StartAliases),
            Find(EndAliases),
            Find(UnitAliases),
            Find("date", "shift date"),
            Find("start date"),
            Find("end date"));
    }

    /// <summary>The required fields the header lacks, each with the names that would have been accepted.</summary>
    public IEnumerable<string> Missing()
    {
        if (Role < 0)
        {
            yield return Describe(RoleAliases);
        }

        if (Person < 0)
        {
            yield return Describe(PersonAliases.Where(a => a != "e mail").ToArray());
        }

        if (Start < 0)
        {
            yield return Describe(StartAliases);
        }

        if (End < 0)
        {
            yield return Describe(EndAliases);
        }
    }

    private static string Describe(string[] aliases) => $"{aliases[0]} column (or {string.Join(", ", aliases.Skip(1))})";
}
