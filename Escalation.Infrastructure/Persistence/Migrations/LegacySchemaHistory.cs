namespace Escalation.Infrastructure.Persistence.Migrations;

/// <summary>
/// What the hand-written migrations (docs/decisions/002, superseded by 026) recorded in <c>__SchemaMigrations</c>:
/// version and SHA-256 of each script as released, V0001 to V0011. The EF initial migration builds exactly the V0011
/// schema, so a database with all eleven, unedited, is recorded as having applied it. A database made by V0001 to
/// V0009 (the scripts of the release before key bindings) is first brought to V0011 by <see cref="LegacyUpgradeSteps"/>;
/// anything older or edited is refused.
/// </summary>
internal static class LegacySchemaHistory
{
    public const string Table = "__SchemaMigrations";

    public const int LastVersion = 11;

    private static readonly string[] Sqlite =
    [
        "74A55B912FD524EDD5F092DCA9C5884773C8B00591934ABEC54988DDDDDDCC69", "0F8DE3C1C88949CB5C62042D7120155266A1CB97014DED743701A8BAB9C651C3",
        "71B6D891227D4724FC4B5AFA04E7E45045A6F52353CCD041E433244F510A4664", "CF5D2790DDA286D16716D04CC8A8993FF8F0A34F1632ECDF5D9D4A45594C5180",
        "6989898ECEA16F7A7F4CBAD86899B2B1A0577C2D947D334794ADBDFC36D4E5FA", "F28996191D581407E057D6845EA2ED625C1D96F3230058E863A11D08E82BB631",
        "CA34BDBF96DFD6860A96673669430EAEA3E3B682B86C638B15924ACEAAE2C2D4", "CE2AC34F9E4036B525416F789288CE7FD2918A56F7A33B2C85E1384108B3FD31",
        "625D234418777AA892607D20D99395A46404673686F4F001CC1FE6D753E9087F", "998DE0F22BEB8D8774B4DAC34167A1E4CBF027F0ADA4E09350D15B81AFD59C1F",
        "89E50EE31CE9AE21323A40511F47C9708A30B443C4624A90790847BDD0E2F8BB",
    ];

    private static readonly string[] Postgres =
    [
        "AA65DCD133B1BC7BB255776790F5CB5F11C8848B76072685663731E54CD16982", "D5E0BE553E481C9EB3FCA0356317578FA6C62D4D2A94D1362466FA1CC7BB55FF",
        "966145828DEC8409DD589122FF3347B8D3CD22173E9A0F13737294E2FA04C3F0", "D4E935D58455083B266AA9E1295BB75936B203F318E6CF0927ABAA519A6F54A1",
        "B24EE73925229DFD4A040DE5C36D94E6D133C1F52775772462CB6E35526E4DCE", "08D3EEE9C045AD2BB0EC5328E13C212AA25CA4C952A72CBCA16483960BD92FD9",
        "B8173FAFAFCA70C58503E4AD11F299915896F9C685EB30F182E8E421655F200D", "8AED333CBD0BB78DDB7CC4182FB888919D533F952CA40B315D1857361E3764AF",
        "A80CF1636386E6FF7927FBDB05683DE8A23F89827BF7201F112E0F212E59EAF1", "BC87067E3746847670A076D504CFBDA671F3A2DDAA2453CF22119BA918DEA952",
        "24025F9DD51FDBE526432B9598FCD6521D6D94B6F4DBF6BA1C3022537B88E3AC",
    ];

    /// <summary>The oldest complete history that upgrades in place: V0001 to V0009.</summary>
    public const int OldestUpgradable = 9;

    /// <summary>
    /// The versions still to run to reach V0011 (none, V0011, or V0010 and V0011); throws, with one line for the
    /// operator, unless <paramref name="applied"/> is an unedited history that holds at least V0001 to V0009.
    /// </summary>
    public static IReadOnlyList<int> Verify(DatabaseProvider provider, IReadOnlyDictionary<int, string> applied)
    {
        var released = provider == DatabaseProvider.Postgres ? Postgres : Sqlite;
        foreach (var (version, checksum) in applied.OrderBy(a => a.Key))
        {
            if (version < 1 || version > LastVersion)
            {
                throw new InvalidOperationException(
                    $"The database has migration V{version:D4}, which this build does not know: it was migrated by a newer version.");
            }

            if (!string.Equals(released[version - 1], checksum, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"Migration V{version:D4} was changed after it was applied: this database is not what any release made, so it is not upgraded.");
            }
        }

        var missing = Enumerable.Range(1, LastVersion).Where(v => !applied.ContainsKey(v)).ToList();
        if (missing.Count > 0 && applied.Count > 0 && missing[0] < applied.Keys.Max())
        {
            throw new InvalidOperationException(
                $"The database has V{applied.Keys.Max():D4} but lacks V{missing[0]:D4}: this database is not what any release made, so it is not upgraded.");
        }

        if (missing.Count > 0 && missing[0] <= OldestUpgradable)
        {
            // The hand-written scripts are gone from this build; the last release that has them brings the database forward.
            throw new InvalidOperationException(
                $"The database was migrated by an older release (it lacks hand-written migration(s) {string.Join(", ", missing.Select(v => $"V{v:D4}"))}): "
                + $"start the last release with hand-written migrations (schema V{LastVersion:D4}) on it once, then this one.");
        }

        return missing;
    }
}
