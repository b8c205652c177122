using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Escalation.Infrastructure.RosterSync.Parsing;

namespace Escalation.Infrastructure.RosterSync;

internal sealed record PersonName(string Id, string DisplayName, string? Email, string? UserName);

internal sealed record MappedShift(int Line, ClinicalRoleId RoleId, string UserId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string RoleLabel, string PersonLabel);

/// <summary>
/// Turns a file's names into ours. The source's explicit mappings come first; otherwise a unit matches by code or
/// name, a role by its name or kind (with or without the unit's code in front: "ED Attending"), and a person by
/// display name (also "Smith, Jane" and without "Dr."), e-mail or user name. Anything else is an error the
/// administrator can fix with a mapping: guessing who is on call is not an option.
/// </summary>
internal sealed partial class ScheduleNameMapper(ScheduleMappings mappings, IReadOnlyList<Unit> units, Unit defaultUnit, IReadOnlyList<PersonName> people)
{
    /// <summary>
    /// A role mapped to the empty id is one this source exports but we do not page for (an ICU rota in an ED feed,
    /// a "Reminder" event): its rows are skipped and counted, not errors.
    /// </summary>
    public bool IsIgnored(ScheduleRow row) => mappings.Roles.TryGetValue(row.Role.Trim(), out var id) && id == Guid.Empty;

    public bool TryMap(ScheduleRow row, [NotNullWhen(true)] out MappedShift? shift, out string error)
    {
        shift = null;
        error = string.Empty;
        var unit = defaultUnit;
        if (!string.IsNullOrWhiteSpace(row.Unit))
        {
            var name = row.Unit.Trim();
            var code = mappings.Units.TryGetValue(name, out var mapped) ? mapped : name;
            unit = units.FirstOrDefault(u => Same(u.Code, code) || Same(u.Name, code))!;
            if (unit is null)
            {
                error = $"unknown unit \"{name}\": use one of {string.Join(", ", units.Select(u => u.Code))}, or map it in the source's mappings.";
                return false;
            }
        }

        var role = FindRole(row.Role.Trim(), unit, out var roleError);
        if (role is null)
        {
            error = roleError;
            return false;
        }

        var person = FindPerson(row.Person.Trim());
        if (person is null)
        {
            error = $"unknown person \"{row.Person.Trim()}\": no active person has that name or e-mail; add them, or map the name in the source's mappings.";
            return false;
        }

        var unitOfRole = units.Single(u => u.Id == role.UnitId);
        shift = new MappedShift(row.Line, role.Id, person.Id, row.StartsAt.ToUniversalTime(), row.EndsAt.ToUniversalTime(), $"{unitOfRole.Code} {role.Name}", person.DisplayName);
        return true;
    }

    private ClinicalRole? FindRole(string name, Unit unit, out string error)
    {
        error = string.Empty;
        if (mappings.Roles.TryGetValue(name, out var mappedId))
        {
            var mapped = units.SelectMany(u => u.Roles).FirstOrDefault(r => r.Id.Value == mappedId);
            if (mapped is null)
            {
                error = $"role \"{name}\" is mapped to a role that no longer exists; fix the source's mappings.";
            }

            return mapped;
        }

        var stripped = StripUnitPrefix(name, unit);
        var role = unit.Roles.FirstOrDefault(r => Same(r.Name, stripped) || Same(r.Kind.ToString(), Squash(stripped)))
            ?? units.SelectMany(u => u.Roles).FirstOrDefault(r => Same($"{Code(r)} {r.Name}", name) || Same($"{Code(r)} {Spaced(r.Kind)}", name));
        if (role is not null)
        {
            return role;
        }

        error = $"unknown role \"{name}\" in unit {unit.Code}: use one of {string.Join(", ", unit.Roles.Select(r => r.Name))}, or map it in the source's mappings.";
        return null;
    }

    private PersonName? FindPerson(string name)
    {
        if (mappings.People.TryGetValue(name, out var mappedId))
        {
            return people.FirstOrDefault(p => p.Id == mappedId);
        }

        var plain = Plain(name);
        return people.FirstOrDefault(p => Same(p.Email, name) || Same(p.UserName, name))
            ?? people.FirstOrDefault(p => Same(Plain(p.DisplayName), plain));
    }

    private string Code(ClinicalRole role) => units.Single(u => u.Id == role.UnitId).Code;

    private static string StripUnitPrefix(string name, Unit unit) =>
        name.StartsWith(unit.Code + " ", StringComparison.OrdinalIgnoreCase) ? name[(unit.Code.Length + 1)..].Trim() : name;

    /// <summary>"Dr. Jane Smith", "Smith, Jane" and "jane  smith" are the same person's name.</summary>
    private static string Plain(string name)
    {
        var text = Honorific().Replace(name.Trim(), string.Empty);
        var comma = text.IndexOf(',');
        if (comma > 0)
        {
            text = $"{text[(comma + 1)..]} {text[..comma]}";
        }

        return Whitespace().Replace(text, " ").Trim();
    }

    private static string Squash(string text) => Whitespace().Replace(text, string.Empty).Replace("-", string.Empty);

    private static string Spaced(ClinicalRoleKind kind) => CamelHump().Replace(kind.ToString(), " $1");

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(dr\.?|doctor|prof\.?|rn|np)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Honorific();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<=[a-z])([A-Z])")]
    private static partial Regex CamelHump();
}
