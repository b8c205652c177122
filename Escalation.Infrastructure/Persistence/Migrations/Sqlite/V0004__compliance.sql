-- V0004 compliance: stored workbooks (weekly exception reports), drill schedules, and signed audit retention checkpoints.

CREATE TABLE "AuditCheckpoints" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AuditCheckpoints" PRIMARY KEY,
    "FromSequence" INTEGER NOT NULL,
    "ThroughSequence" INTEGER NOT NULL,
    "LastHash" TEXT NOT NULL,
    "Cutoff" INTEGER NOT NULL,
    "Purged" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Signature" TEXT NOT NULL
);

CREATE TABLE "DrillSchedules" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DrillSchedules" PRIMARY KEY,
    "UnitId" TEXT NOT NULL,
    "LadderFamilyId" TEXT NOT NULL,
    "EveryMonths" INTEGER NOT NULL,
    "NextRunAt" INTEGER NOT NULL,
    "IsEnabled" INTEGER NOT NULL,
    "LastRunAt" INTEGER NULL,
    "LastMessageId" TEXT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "Revision" INTEGER NOT NULL
);

CREATE TABLE "StoredReports" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_StoredReports" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "PeriodFrom" INTEGER NOT NULL,
    "PeriodTo" INTEGER NOT NULL,
    "Content" BLOB NOT NULL,
    "Rows" INTEGER NOT NULL,
    "ChainIntact" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "IX_AuditCheckpoints_ThroughSequence" ON "AuditCheckpoints" ("ThroughSequence");
CREATE UNIQUE INDEX "IX_StoredReports_Kind_PeriodFrom" ON "StoredReports" ("Kind", "PeriodFrom");
