-- V0003 roster and people: rotations, overrides, backup contacts, schedule sources and their imports, inbox notices,
-- message reply threads, Layer-4 near-miss reviews, maintenance windows; shifts (RoleAssignments) gain their origin, schedule source and import. V0001 and V0002 are untouched.

CREATE TABLE "ScheduleSources" (
    "Id" uuid NOT NULL,
    "Name" character varying(100) NOT NULL,
    "DefaultUnitId" uuid NOT NULL,
    "Format" character varying(20) NOT NULL,
    "Transport" character varying(20) NOT NULL,
    "Location" character varying(2000),
    "PullIntervalMinutes" integer NOT NULL,
    "StaleAfterMinutes" integer NOT NULL,
    "DayGridHandoff" time without time zone NOT NULL,
    "IsEnabled" boolean NOT NULL,
    "MappingsJson" text NOT NULL,
    "CreatedBy" character varying(450) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "LastCheckedAt" timestamp with time zone,
    "LastSyncedAt" timestamp with time zone,
    "LastSourceChangedAt" timestamp with time zone,
    "LastContentHash" character varying(64),
    "LastError" character varying(2000),
    "StaleNoticeFor" timestamp with time zone,
    CONSTRAINT "PK_ScheduleSources" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ScheduleSources_Units_DefaultUnitId" FOREIGN KEY ("DefaultUnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ScheduleImports" (
    "Id" uuid NOT NULL,
    "SourceId" uuid NOT NULL,
    "At" timestamp with time zone NOT NULL,
    "By" character varying(450) NOT NULL,
    "FileName" character varying(260),
    "ContentHash" character varying(64) NOT NULL,
    "SourceChangedAt" timestamp with time zone,
    "Outcome" character varying(20) NOT NULL,
    "Rows" integer NOT NULL,
    "Added" integer NOT NULL,
    "Removed" integer NOT NULL,
    "RejectedRows" integer NOT NULL,
    "Errors" text,
    CONSTRAINT "PK_ScheduleImports" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ScheduleImports_ScheduleSources_SourceId" FOREIGN KEY ("SourceId") REFERENCES "ScheduleSources" ("Id") ON DELETE CASCADE
);

-- Existing rows are manual shifts; the default only fills them and is then dropped to match the model.
ALTER TABLE "RoleAssignments" ADD COLUMN "Origin" integer NOT NULL DEFAULT 0;

ALTER TABLE "RoleAssignments" ALTER COLUMN "Origin" DROP DEFAULT;

ALTER TABLE "RoleAssignments" ADD COLUMN "SourceId" uuid;

ALTER TABLE "RoleAssignments" ADD COLUMN "ImportId" uuid;

ALTER TABLE "RoleAssignments" ADD CONSTRAINT "FK_RoleAssignments_ScheduleSources_SourceId" FOREIGN KEY ("SourceId") REFERENCES "ScheduleSources" ("Id") ON DELETE RESTRICT;

ALTER TABLE "RoleAssignments" ADD CONSTRAINT "FK_RoleAssignments_ScheduleImports_ImportId" FOREIGN KEY ("ImportId") REFERENCES "ScheduleImports" ("Id") ON DELETE RESTRICT;

CREATE TABLE "Notices" (
    "Id" uuid NOT NULL,
    "UserId" character varying(450) NOT NULL,
    "Kind" character varying(50) NOT NULL,
    "Title" character varying(200) NOT NULL,
    "Body" text NOT NULL,
    "Link" character varying(500),
    "DedupeKey" character varying(200) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "ReadAt" timestamp with time zone,
    CONSTRAINT "PK_Notices" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Notices_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "BackupContacts" (
    "Id" uuid NOT NULL,
    "RoleId" uuid NOT NULL,
    "UserId" character varying(450) NOT NULL,
    "WindowStart" time without time zone NOT NULL,
    "WindowEnd" time without time zone NOT NULL,
    "EffectiveFrom" timestamp with time zone NOT NULL,
    "EffectiveUntil" timestamp with time zone,
    "CreatedBy" character varying(450) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_BackupContacts" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_BackupContacts_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_BackupContacts_ClinicalRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "ClinicalRoles" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "RosterOverrides" (
    "Id" uuid NOT NULL,
    "RoleId" uuid NOT NULL,
    "Kind" integer NOT NULL,
    "UserId" character varying(450) NOT NULL,
    "ReplacedUserId" character varying(450),
    "StartsAt" timestamp with time zone NOT NULL,
    "EndsAt" timestamp with time zone NOT NULL,
    "Reason" character varying(500) NOT NULL,
    "CreatedBy" character varying(450) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_RosterOverrides" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_RosterOverrides_AspNetUsers_ReplacedUserId" FOREIGN KEY ("ReplacedUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RosterOverrides_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RosterOverrides_ClinicalRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "ClinicalRoles" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Rotations" (
    "Id" uuid NOT NULL,
    "FamilyId" uuid NOT NULL,
    "RoleId" uuid NOT NULL,
    "Name" character varying(200) NOT NULL,
    "Unit" integer NOT NULL,
    "Length" integer NOT NULL,
    "HandoffDate" date NOT NULL,
    "HandoffTime" time without time zone NOT NULL,
    "EffectiveFrom" timestamp with time zone NOT NULL,
    "EffectiveUntil" timestamp with time zone,
    "CreatedBy" character varying(450) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "Participants" text NOT NULL,
    CONSTRAINT "PK_Rotations" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Rotations_ClinicalRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "ClinicalRoles" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_BackupContacts_RoleId" ON "BackupContacts" ("RoleId");

CREATE INDEX "IX_BackupContacts_UserId" ON "BackupContacts" ("UserId");

CREATE INDEX "IX_Notices_UserId_CreatedAt" ON "Notices" ("UserId", "CreatedAt");

CREATE UNIQUE INDEX "IX_Notices_UserId_DedupeKey" ON "Notices" ("UserId", "DedupeKey");

CREATE INDEX "IX_RoleAssignments_ImportId" ON "RoleAssignments" ("ImportId");

CREATE INDEX "IX_RoleAssignments_SourceId_StartsAt" ON "RoleAssignments" ("SourceId", "StartsAt");

CREATE INDEX "IX_RosterOverrides_ReplacedUserId" ON "RosterOverrides" ("ReplacedUserId");

CREATE INDEX "IX_RosterOverrides_RoleId_EndsAt" ON "RosterOverrides" ("RoleId", "EndsAt");

CREATE INDEX "IX_RosterOverrides_UserId" ON "RosterOverrides" ("UserId");

CREATE INDEX "IX_Rotations_FamilyId" ON "Rotations" ("FamilyId");

CREATE INDEX "IX_Rotations_RoleId_EffectiveFrom" ON "Rotations" ("RoleId", "EffectiveFrom");

CREATE INDEX "IX_ScheduleImports_SourceId_At" ON "ScheduleImports" ("SourceId", "At");

CREATE INDEX "IX_ScheduleSources_DefaultUnitId" ON "ScheduleSources" ("DefaultUnitId");

CREATE UNIQUE INDEX "IX_ScheduleSources_Name" ON "ScheduleSources" ("Name");

-- Message reply threads (encrypted text), added before V0003 was released.
CREATE TABLE "MessageReplies" (
    "Id" uuid NOT NULL,
    "MessageId" uuid NOT NULL,
    "UserId" character varying(450) NOT NULL,
    "Text" text NOT NULL,
    "At" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_MessageReplies" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_MessageReplies_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_MessageReplies_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_MessageReplies_MessageId_At" ON "MessageReplies" ("MessageId", "At");

CREATE INDEX "IX_MessageReplies_UserId" ON "MessageReplies" ("UserId");

-- Layer-4 near-miss reviews, added before V0003 was released.
CREATE TABLE "NearMissReviews" (
    "Id" uuid NOT NULL,
    "MessageId" uuid NOT NULL,
    "OpenedAt" timestamp with time zone NOT NULL,
    "DueAt" timestamp with time zone NOT NULL,
    "Findings" character varying(4000),
    "ClosedBy" character varying(450),
    "ClosedAt" timestamp with time zone,
    CONSTRAINT "PK_NearMissReviews" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_NearMissReviews_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_NearMissReviews_ClosedAt_DueAt" ON "NearMissReviews" ("ClosedAt", "DueAt");

CREATE UNIQUE INDEX "IX_NearMissReviews_MessageId" ON "NearMissReviews" ("MessageId");

-- Planned maintenance windows, added before V0003 was released.
CREATE TABLE "MaintenanceWindows" (
    "Id" uuid NOT NULL,
    "StartsAt" timestamp with time zone NOT NULL,
    "EndsAt" timestamp with time zone NOT NULL,
    "Description" character varying(500) NOT NULL,
    "FallbackProcedure" character varying(4000) NOT NULL,
    "CreatedBy" character varying(450) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "CancelledAt" timestamp with time zone,
    CONSTRAINT "PK_MaintenanceWindows" PRIMARY KEY ("Id")
);

CREATE INDEX "IX_MaintenanceWindows_StartsAt_EndsAt" ON "MaintenanceWindows" ("StartsAt", "EndsAt");
