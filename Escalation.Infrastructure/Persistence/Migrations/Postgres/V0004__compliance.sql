-- V0004 compliance: stored workbooks (weekly exception reports), drill schedules, and signed audit retention checkpoints.

CREATE TABLE "AuditCheckpoints" (
    "Id" uuid NOT NULL,
    "FromSequence" bigint NOT NULL,
    "ThroughSequence" bigint NOT NULL,
    "LastHash" character varying(64) NOT NULL,
    "Cutoff" timestamp with time zone NOT NULL,
    "Purged" bigint NOT NULL,
    "CreatedBy" character varying(450) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "Signature" character varying(128) NOT NULL,
    CONSTRAINT "PK_AuditCheckpoints" PRIMARY KEY ("Id")
);

CREATE TABLE "DrillSchedules" (
    "Id" uuid NOT NULL,
    "UnitId" uuid NOT NULL,
    "LadderFamilyId" uuid NOT NULL,
    "EveryMonths" integer NOT NULL,
    "NextRunAt" timestamp with time zone NOT NULL,
    "IsEnabled" boolean NOT NULL,
    "LastRunAt" timestamp with time zone,
    "LastMessageId" uuid,
    "UpdatedBy" character varying(450) NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    "Revision" integer NOT NULL,
    CONSTRAINT "PK_DrillSchedules" PRIMARY KEY ("Id")
);

CREATE TABLE "StoredReports" (
    "Id" uuid NOT NULL,
    "Kind" character varying(40) NOT NULL,
    "Title" character varying(200) NOT NULL,
    "FileName" character varying(200) NOT NULL,
    "PeriodFrom" timestamp with time zone NOT NULL,
    "PeriodTo" timestamp with time zone NOT NULL,
    "Content" bytea NOT NULL,
    "Rows" bigint NOT NULL,
    "ChainIntact" boolean NOT NULL,
    "CreatedBy" character varying(450) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_StoredReports" PRIMARY KEY ("Id")
);

CREATE UNIQUE INDEX "IX_AuditCheckpoints_ThroughSequence" ON "AuditCheckpoints" ("ThroughSequence");
CREATE UNIQUE INDEX "IX_StoredReports_Kind_PeriodFrom" ON "StoredReports" ("Kind", "PeriodFrom");
