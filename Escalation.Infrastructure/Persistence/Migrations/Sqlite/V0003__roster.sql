-- V0003 roster and people: rotations, overrides, backup contacts, schedule sources and their imports, inbox notices,
-- message reply threads, Layer-4 near-miss reviews, maintenance windows; shifts (RoleAssignments) gain their origin, schedule source and import. V0001 and V0002 are untouched.

CREATE TABLE "ScheduleSources" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ScheduleSources" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "DefaultUnitId" TEXT NOT NULL,
    "Format" TEXT NOT NULL,
    "Transport" TEXT NOT NULL,
    "Location" TEXT NULL,
    "PullIntervalMinutes" INTEGER NOT NULL,
    "StaleAfterMinutes" INTEGER NOT NULL,
    "DayGridHandoff" TEXT NOT NULL,
    "IsEnabled" INTEGER NOT NULL,
    "MappingsJson" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "LastCheckedAt" INTEGER NULL,
    "LastSyncedAt" INTEGER NULL,
    "LastSourceChangedAt" INTEGER NULL,
    "LastContentHash" TEXT NULL,
    "LastError" TEXT NULL,
    "StaleNoticeFor" INTEGER NULL,
    CONSTRAINT "FK_ScheduleSources_Units_DefaultUnitId" FOREIGN KEY ("DefaultUnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ScheduleImports" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ScheduleImports" PRIMARY KEY,
    "SourceId" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "By" TEXT NOT NULL,
    "FileName" TEXT NULL,
    "ContentHash" TEXT NOT NULL,
    "SourceChangedAt" INTEGER NULL,
    "Outcome" TEXT NOT NULL,
    "Rows" INTEGER NOT NULL,
    "Added" INTEGER NOT NULL,
    "Removed" INTEGER NOT NULL,
    "RejectedRows" INTEGER NOT NULL,
    "Errors" TEXT NULL,
    CONSTRAINT "FK_ScheduleImports_ScheduleSources_SourceId" FOREIGN KEY ("SourceId") REFERENCES "ScheduleSources" ("Id") ON DELETE CASCADE
);

-- SQLite cannot add a foreign key to an existing table: rebuild it, keeping every row as a manual shift.
ALTER TABLE "RoleAssignments" RENAME TO "RoleAssignments_V0002";

CREATE TABLE "RoleAssignments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RoleAssignments" PRIMARY KEY,
    "RoleId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NULL,
    "CreatedBy" TEXT NOT NULL,
    "Origin" INTEGER NOT NULL,
    "SourceId" TEXT NULL,
    "ImportId" TEXT NULL,
    CONSTRAINT "FK_RoleAssignments_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RoleAssignments_ClinicalRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "ClinicalRoles" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RoleAssignments_ScheduleImports_ImportId" FOREIGN KEY ("ImportId") REFERENCES "ScheduleImports" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RoleAssignments_ScheduleSources_SourceId" FOREIGN KEY ("SourceId") REFERENCES "ScheduleSources" ("Id") ON DELETE RESTRICT
);

INSERT INTO "RoleAssignments" ("Id", "RoleId", "UserId", "StartsAt", "EndsAt", "CreatedBy", "Origin", "SourceId", "ImportId")
SELECT "Id", "RoleId", "UserId", "StartsAt", "EndsAt", "CreatedBy", 0, NULL, NULL FROM "RoleAssignments_V0002";

DROP TABLE "RoleAssignments_V0002";

CREATE INDEX "IX_RoleAssignments_RoleId_StartsAt" ON "RoleAssignments" ("RoleId", "StartsAt");

CREATE INDEX "IX_RoleAssignments_UserId" ON "RoleAssignments" ("UserId");

CREATE TABLE "Notices" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Notices" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "Link" TEXT NULL,
    "DedupeKey" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ReadAt" INTEGER NULL,
    CONSTRAINT "FK_Notices_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "BackupContacts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_BackupContacts" PRIMARY KEY,
    "RoleId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "WindowStart" TEXT NOT NULL,
    "WindowEnd" TEXT NOT NULL,
    "EffectiveFrom" INTEGER NOT NULL,
    "EffectiveUntil" INTEGER NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_BackupContacts_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_BackupContacts_ClinicalRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "ClinicalRoles" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "RosterOverrides" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RosterOverrides" PRIMARY KEY,
    "RoleId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "ReplacedUserId" TEXT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NOT NULL,
    "Reason" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_RosterOverrides_AspNetUsers_ReplacedUserId" FOREIGN KEY ("ReplacedUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RosterOverrides_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RosterOverrides_ClinicalRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "ClinicalRoles" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Rotations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Rotations" PRIMARY KEY,
    "FamilyId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Unit" INTEGER NOT NULL,
    "Length" INTEGER NOT NULL,
    "HandoffDate" TEXT NOT NULL,
    "HandoffTime" TEXT NOT NULL,
    "EffectiveFrom" INTEGER NOT NULL,
    "EffectiveUntil" INTEGER NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Participants" TEXT NOT NULL,
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
    "Id" TEXT NOT NULL CONSTRAINT "PK_MessageReplies" PRIMARY KEY,
    "MessageId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    CONSTRAINT "FK_MessageReplies_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_MessageReplies_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_MessageReplies_MessageId_At" ON "MessageReplies" ("MessageId", "At");

CREATE INDEX "IX_MessageReplies_UserId" ON "MessageReplies" ("UserId");

-- Layer-4 near-miss reviews, added before V0003 was released.
CREATE TABLE "NearMissReviews" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_NearMissReviews" PRIMARY KEY,
    "MessageId" TEXT NOT NULL,
    "OpenedAt" INTEGER NOT NULL,
    "DueAt" INTEGER NOT NULL,
    "Findings" TEXT NULL,
    "ClosedBy" TEXT NULL,
    "ClosedAt" INTEGER NULL,
    CONSTRAINT "FK_NearMissReviews_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_NearMissReviews_ClosedAt_DueAt" ON "NearMissReviews" ("ClosedAt", "DueAt");

CREATE UNIQUE INDEX "IX_NearMissReviews_MessageId" ON "NearMissReviews" ("MessageId");

-- Planned maintenance windows, added before V0003 was released.
CREATE TABLE "MaintenanceWindows" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_MaintenanceWindows" PRIMARY KEY,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NOT NULL,
    "Description" TEXT NOT NULL,
    "FallbackProcedure" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CancelledAt" INTEGER NULL
);

CREATE INDEX "IX_MaintenanceWindows_StartsAt_EndsAt" ON "MaintenanceWindows" ("StartsAt", "EndsAt");
