-- V0007 FHIR result lifecycle: every lab result version received (LabResults) and the Communications written back
-- about them (LabCommunications, one per acknowledgment and one per close of a message).

CREATE TABLE "LabResults" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_LabResults" PRIMARY KEY,
    "SourceName" TEXT NOT NULL,
    "Resource" TEXT NOT NULL,
    "VersionId" TEXT NULL,
    "Status" TEXT NOT NULL,
    "Judgement" TEXT NOT NULL,
    "Flag" TEXT NOT NULL,
    "Value" TEXT NULL,
    "Unit" TEXT NULL,
    "Direction" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "MessageId" TEXT NULL,
    "PatientReference" TEXT NULL,
    "BasedOn" TEXT NULL,
    "ReceivedBy" TEXT NOT NULL,
    "ReceivedAt" INTEGER NOT NULL,
    "HoldersToldAt" INTEGER NULL
);

CREATE TABLE "LabCommunications" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_LabCommunications" PRIMARY KEY,
    "MessageId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "SourceName" TEXT NOT NULL,
    "About" TEXT NOT NULL,
    "ResourceJson" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NULL,
    "DeliveredAt" INTEGER NULL,
    "LastError" TEXT NULL,
    "Revision" INTEGER NOT NULL,
    CONSTRAINT "FK_LabCommunications_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_LabCommunications_MessageId_Kind" ON "LabCommunications" ("MessageId", "Kind");
CREATE INDEX "IX_LabCommunications_SourceName_About" ON "LabCommunications" ("SourceName", "About");
CREATE INDEX "IX_LabCommunications_State_NextAttemptAt" ON "LabCommunications" ("State", "NextAttemptAt");
CREATE INDEX "IX_LabResults_MessageId" ON "LabResults" ("MessageId");
CREATE UNIQUE INDEX "IX_LabResults_SourceName_Resource_VersionId" ON "LabResults" ("SourceName", "Resource", "VersionId");
