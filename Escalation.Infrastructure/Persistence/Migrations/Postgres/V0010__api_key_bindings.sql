-- V0010 integration keys bound to what they may feed (docs/decisions/019): schedule sources, one FHIR source, practices.
-- A key bound to nothing feeds nothing. Existing keys keep what the database shows they fed before this release:
-- the schedule sources they pushed files to, the FHIR source (their source name) they sent results as, and the units
-- they sent messages or answering-service calls to. Anything else has to be bound by an administrator.

CREATE TABLE "ApiKeyBindings" (
    "ApiKeyId" uuid NOT NULL,
    "Kind" character varying(20) NOT NULL,
    "Target" character varying(100) NOT NULL,
    CONSTRAINT "PK_ApiKeyBindings" PRIMARY KEY ("ApiKeyId", "Kind", "Target"),
    CONSTRAINT "FK_ApiKeyBindings_ApiKeys_ApiKeyId" FOREIGN KEY ("ApiKeyId") REFERENCES "ApiKeys" ("Id") ON DELETE CASCADE
);

-- A key acts as 'apikey:' and its id in lower case, which is how uuid prints as text.
INSERT INTO "ApiKeyBindings" ("ApiKeyId", "Kind", "Target")
SELECT DISTINCT k."Id", 'ScheduleSource', i."SourceId"::text
FROM "ApiKeys" k
JOIN "ScheduleImports" i ON i."By" = 'apikey:' || k."Id"::text;

INSERT INTO "ApiKeyBindings" ("ApiKeyId", "Kind", "Target")
SELECT k."Id", 'FhirSource', k."SourceName"
FROM "ApiKeys" k
WHERE EXISTS (SELECT 1 FROM "LabResults" r WHERE r."ReceivedBy" = 'apikey:' || k."Id"::text)
   OR EXISTS (SELECT 1 FROM "Messages" m WHERE m."CreatedBy" = 'apikey:' || k."Id"::text AND m."ExternalId" LIKE 'Observation/%');

-- Messages made from lab results are the FHIR source's, not a practice's: they are left out here.
INSERT INTO "ApiKeyBindings" ("ApiKeyId", "Kind", "Target")
SELECT DISTINCT k."Id", 'Practice', m."UnitId"::text
FROM "ApiKeys" k
JOIN "Messages" m ON m."CreatedBy" = 'apikey:' || k."Id"::text
WHERE (m."ExternalId" IS NULL OR m."ExternalId" NOT LIKE 'Observation/%')
  AND NOT EXISTS (SELECT 1 FROM "LabResults" r WHERE r."MessageId" = m."Id");
