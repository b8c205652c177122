-- V0010 integration keys bound to what they may feed (docs/decisions/019): schedule sources, one FHIR source, practices.
-- A key bound to nothing feeds nothing. Existing keys keep what the database shows they fed before this release:
-- the schedule sources they pushed files to, the FHIR source (their source name) they sent results as, and the units
-- they sent messages or answering-service calls to. Anything else has to be bound by an administrator.

CREATE TABLE "ApiKeyBindings" (
    "ApiKeyId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Target" TEXT NOT NULL,
    CONSTRAINT "PK_ApiKeyBindings" PRIMARY KEY ("ApiKeyId", "Kind", "Target"),
    CONSTRAINT "FK_ApiKeyBindings_ApiKeys_ApiKeyId" FOREIGN KEY ("ApiKeyId") REFERENCES "ApiKeys" ("Id") ON DELETE CASCADE
);

-- A key acts as 'apikey:' and its id in lower case; SQLite holds GUIDs as upper-case text, targets are lower case.
INSERT INTO "ApiKeyBindings" ("ApiKeyId", "Kind", "Target")
SELECT DISTINCT k."Id", 'ScheduleSource', lower(i."SourceId")
FROM "ApiKeys" k
JOIN "ScheduleImports" i ON i."By" = 'apikey:' || lower(k."Id");

INSERT INTO "ApiKeyBindings" ("ApiKeyId", "Kind", "Target")
SELECT k."Id", 'FhirSource', k."SourceName"
FROM "ApiKeys" k
WHERE EXISTS (SELECT 1 FROM "LabResults" r WHERE r."ReceivedBy" = 'apikey:' || lower(k."Id"))
   OR EXISTS (SELECT 1 FROM "Messages" m WHERE m."CreatedBy" = 'apikey:' || lower(k."Id") AND m."ExternalId" LIKE 'Observation/%');

-- Messages made from lab results are the FHIR source's, not a practice's: they are left out here.
INSERT INTO "ApiKeyBindings" ("ApiKeyId", "Kind", "Target")
SELECT DISTINCT k."Id", 'Practice', lower(m."UnitId")
FROM "ApiKeys" k
JOIN "Messages" m ON m."CreatedBy" = 'apikey:' || lower(k."Id")
WHERE (m."ExternalId" IS NULL OR m."ExternalId" NOT LIKE 'Observation/%')
  AND NOT EXISTS (SELECT 1 FROM "LabResults" r WHERE r."MessageId" = m."Id");
