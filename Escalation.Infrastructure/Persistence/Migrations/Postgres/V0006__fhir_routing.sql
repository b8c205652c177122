-- V0006 FHIR routing: which unit (and clinical role) a lab result goes to, by the PractitionerRole or CareTeam that
-- performed or requested it, per sending source.

CREATE TABLE "FhirRoutingRules" (
    "Id" uuid NOT NULL,
    "SourceName" character varying(100) NOT NULL,
    "ResourceType" character varying(20) NOT NULL,
    "MatchBy" character varying(20) NOT NULL,
    "Value" character varying(500) NOT NULL,
    "UnitId" uuid NOT NULL,
    "RoleId" uuid,
    "UpdatedBy" character varying(450) NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_FhirRoutingRules" PRIMARY KEY ("Id")
);

CREATE UNIQUE INDEX "IX_FhirRoutingRules_SourceName_ResourceType_MatchBy_Value" ON "FhirRoutingRules" ("SourceName", "ResourceType", "MatchBy", "Value");
