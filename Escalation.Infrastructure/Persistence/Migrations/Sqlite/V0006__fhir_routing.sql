-- V0006 FHIR routing: which unit (and clinical role) a lab result goes to, by the PractitionerRole or CareTeam that
-- performed or requested it, per sending source.

CREATE TABLE "FhirRoutingRules" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_FhirRoutingRules" PRIMARY KEY,
    "SourceName" TEXT NOT NULL,
    "ResourceType" TEXT NOT NULL,
    "MatchBy" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    "UnitId" TEXT NOT NULL,
    "RoleId" TEXT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "IX_FhirRoutingRules_SourceName_ResourceType_MatchBy_Value" ON "FhirRoutingRules" ("SourceName", "ResourceType", "MatchBy", "Value");
