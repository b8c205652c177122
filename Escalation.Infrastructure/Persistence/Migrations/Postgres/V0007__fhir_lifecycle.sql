-- V0007 FHIR result lifecycle: every lab result version received (LabResults) and the Communications written back
-- about them (LabCommunications, one per acknowledgment and one per close of a message).

CREATE TABLE "LabResults" (
    "Id" uuid NOT NULL,
    "SourceName" character varying(100) NOT NULL,
    "Resource" character varying(200) NOT NULL,
    "VersionId" character varying(64),
    "Status" character varying(32) NOT NULL,
    "Judgement" character varying(16) NOT NULL,
    "Flag" character varying(16) NOT NULL,
    "Value" numeric(18,6),
    "Unit" character varying(50),
    "Direction" character varying(8) NOT NULL,
    "Outcome" character varying(32) NOT NULL,
    "MessageId" uuid,
    "PatientReference" character varying(200),
    "BasedOn" character varying(500),
    "ReceivedBy" character varying(450) NOT NULL,
    "ReceivedAt" timestamp with time zone NOT NULL,
    "HoldersToldAt" timestamp with time zone,
    CONSTRAINT "PK_LabResults" PRIMARY KEY ("Id")
);

CREATE TABLE "LabCommunications" (
    "Id" uuid NOT NULL,
    "MessageId" uuid NOT NULL,
    "Kind" character varying(16) NOT NULL,
    "SourceName" character varying(100) NOT NULL,
    "About" character varying(200) NOT NULL,
    "ResourceJson" text NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "State" character varying(16) NOT NULL,
    "Attempts" integer NOT NULL,
    "NextAttemptAt" timestamp with time zone,
    "DeliveredAt" timestamp with time zone,
    "LastError" character varying(500),
    "Revision" integer NOT NULL,
    CONSTRAINT "PK_LabCommunications" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_LabCommunications_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_LabCommunications_MessageId_Kind" ON "LabCommunications" ("MessageId", "Kind");
CREATE INDEX "IX_LabCommunications_SourceName_About" ON "LabCommunications" ("SourceName", "About");
CREATE INDEX "IX_LabCommunications_State_NextAttemptAt" ON "LabCommunications" ("State", "NextAttemptAt");
CREATE INDEX "IX_LabResults_MessageId" ON "LabResults" ("MessageId");
CREATE UNIQUE INDEX "IX_LabResults_SourceName_Resource_VersionId" ON "LabResults" ("SourceName", "Resource", "VersionId");
