namespace Escalation.Infrastructure.Persistence.Migrations;

/// <summary>
/// The two hand-written migrations released after V0009, V0010 and V0011, as they ran, for a database made by the
/// release before them: run once, in the transaction that then records the EF initial migration (docs/decisions/026).
/// One text for both providers, with the provider's column types and uuid-to-text spelling put in, so the steps
/// cannot drift apart. Frozen: never edit them, they describe what those releases did.
/// </summary>
internal static class LegacyUpgradeSteps
{
    public static IReadOnlyList<string> For(int version, DatabaseProvider provider) => version switch
    {
        10 => ApiKeyBindings(provider),
        // V0011 encrypted close notes: the ciphertext outgrows PostgreSQL's varchar(2000), SQLite's TEXT holds any
        // length. The notes themselves are encrypted in place at start-up (PatientDataUpgrade).
        11 => provider == DatabaseProvider.Postgres ? ["""ALTER TABLE "Messages" ALTER COLUMN "CloseNote" TYPE text"""] : [],
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Only V0010 and V0011 are run on an older database."),
    };

    /// <summary>
    /// V0010 (docs/decisions/019): integration keys bound to what they may feed. Existing keys keep what the database
    /// shows they fed before: the schedule sources they pushed files to, the FHIR source (their source name) they sent
    /// results as, and the units they sent messages or answering-service calls to. A key acts as "apikey:" and its id
    /// in lower case; PostgreSQL prints a uuid that way, SQLite holds GUIDs as upper-case text.
    /// </summary>
    private static string[] ApiKeyBindings(DatabaseProvider provider)
    {
        var postgres = provider == DatabaseProvider.Postgres;
        var (id, kind, target) = postgres ? ("uuid", "character varying(20)", "character varying(100)") : ("TEXT", "TEXT", "TEXT");
        string Text(string column) => postgres ? $"{column}::text" : $"lower({column})";
        return
        [
            $"""
            CREATE TABLE "ApiKeyBindings" (
                "ApiKeyId" {id} NOT NULL,
                "Kind" {kind} NOT NULL,
                "Target" {target} NOT NULL,
                CONSTRAINT "PK_ApiKeyBindings" PRIMARY KEY ("ApiKeyId", "Kind", "Target"),
                CONSTRAINT "FK_ApiKeyBindings_ApiKeys_ApiKeyId" FOREIGN KEY ("ApiKeyId") REFERENCES "ApiKeys" ("Id") ON DELETE CASCADE
            )
            """,
            $"""
            INSERT INTO "ApiKeyBindings" ("ApiKeyId", "Kind", "Target")
            SELECT DISTINCT k."Id", 'ScheduleSource', {Text("i.\"SourceId\"")}
            FROM "ApiKeys" k
            JOIN "ScheduleImports" i ON i."By" = 'apikey:' || {Text("k.\"Id\"")}
            """,
            $"""
            INSERT INTO "ApiKeyBindings" ("ApiKeyId", "Kind", "Target")
            SELECT k."Id", 'FhirSource', k."SourceName"
            FROM "ApiKeys" k
            WHERE EXISTS (SELECT 1 FROM "LabResults" r WHERE r."ReceivedBy" = 'apikey:' || {Text("k.\"Id\"")})
               OR EXISTS (SELECT 1 FROM "Messages" m WHERE m."CreatedBy" = 'apikey:' || {Text("k.\"Id\"")} AND m."ExternalId" LIKE 'Observation/%')
            """,
            // Messages made from lab results are the FHIR source's, not a practice's: they are left out here.
            $"""
            INSERT INTO "ApiKeyBindings" ("ApiKeyId", "Kind", "Target")
            SELECT DISTINCT k."Id", 'Practice', {Text("m.\"UnitId\"")}
            FROM "ApiKeys" k
            JOIN "Messages" m ON m."CreatedBy" = 'apikey:' || {Text("k.\"Id\"")}
            WHERE (m."ExternalId" IS NULL OR m."ExternalId" NOT LIKE 'Observation/%')
              AND NOT EXISTS (SELECT 1 FROM "LabResults" r WHERE r."MessageId" = m."Id")
            """,
        ];
    }
}
