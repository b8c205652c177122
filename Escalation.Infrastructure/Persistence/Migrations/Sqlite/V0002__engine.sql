-- V0002 engine: ladders (versioned), tier policies, role assignments (minimal roster), messages and deliveries,
-- the outbox, the audit trail and its chain head, engine counters, integration API keys. Tables are new: V0001 is untouched.

CREATE TABLE "ApiKeys" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ApiKeys" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "SourceName" TEXT NOT NULL,
    "Prefix" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "RevokedAt" INTEGER NULL,
    "RevokedBy" TEXT NULL
);

CREATE TABLE "AuditEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
    "Sequence" INTEGER NULL,
    "AtUnixMs" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "MessageId" TEXT NULL,
    "Layer" INTEGER NULL,
    "Channel" TEXT NULL,
    "Detail" TEXT NULL,
    "PreviousHash" TEXT NULL,
    "Hash" TEXT NULL
);

CREATE TABLE "AuditHead" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditHead" PRIMARY KEY,
    "LastSequence" INTEGER NOT NULL,
    "LastHash" TEXT NOT NULL
);

CREATE TABLE "EngineCounters" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_EngineCounters" PRIMARY KEY,
    "Value" INTEGER NOT NULL
);

CREATE TABLE "Ladders" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Ladders" PRIMARY KEY,
    "FamilyId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "LayersJson" TEXT NOT NULL,
    "IsCurrent" INTEGER NOT NULL,
    "ChangedBy" TEXT NOT NULL,
    "ChangeNote" TEXT NOT NULL,
    "ChangedAt" INTEGER NOT NULL
);

CREATE TABLE "Outbox" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Outbox" PRIMARY KEY,
    "IdempotencyKey" TEXT NOT NULL,
    "MessageId" TEXT NOT NULL,
    "DeliveryId" TEXT NOT NULL,
    "RecipientId" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "Layer" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "SentAt" INTEGER NULL,
    "Attempts" INTEGER NOT NULL,
    "LastError" TEXT NULL
);

CREATE TABLE "TierPolicies" (
    "Tier" TEXT NOT NULL CONSTRAINT "PK_TierPolicies" PRIMARY KEY,
    "Escalates" INTEGER NOT NULL,
    "LadderFamilyId" TEXT NOT NULL,
    "RequiresAck" INTEGER NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);

CREATE TABLE "Messages" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Messages" PRIMARY KEY,
    "Tier" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "PatientRef" TEXT NULL,
    "Source" TEXT NOT NULL,
    "ExternalId" TEXT NULL,
    "UnitId" TEXT NOT NULL,
    "LadderId" TEXT NULL,
    "IsBroadcast" INTEGER NOT NULL,
    "BroadcastRoleId" TEXT NULL,
    "Escalates" INTEGER NOT NULL,
    "RequiresAck" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "CurrentLayer" INTEGER NOT NULL,
    "LayerStartedAt" INTEGER NULL,
    "DeadlineAt" INTEGER NULL,
    "IsExhausted" INTEGER NOT NULL,
    "Pages" INTEGER NOT NULL,
    "AcknowledgedBy" TEXT NULL,
    "AcknowledgedAt" INTEGER NULL,
    "AcknowledgedOnBehalf" INTEGER NOT NULL,
    "ClosedBy" TEXT NULL,
    "ClosedAt" INTEGER NULL,
    "Outcome" TEXT NULL,
    "CloseNote" TEXT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Revision" INTEGER NOT NULL,
    CONSTRAINT "FK_Messages_ClinicalRoles_BroadcastRoleId" FOREIGN KEY ("BroadcastRoleId") REFERENCES "ClinicalRoles" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Messages_Ladders_LadderId" FOREIGN KEY ("LadderId") REFERENCES "Ladders" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Messages_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "RoleAssignments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RoleAssignments" PRIMARY KEY,
    "RoleId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NULL,
    "CreatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_RoleAssignments_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RoleAssignments_ClinicalRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "ClinicalRoles" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Deliveries" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Deliveries" PRIMARY KEY,
    "MessageId" TEXT NOT NULL,
    "Layer" INTEGER NOT NULL,
    "Page" INTEGER NOT NULL,
    "RecipientId" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "DeliveredAt" INTEGER NOT NULL,
    "ReadAt" INTEGER NULL,
    "AcknowledgedAt" INTEGER NULL,
    CONSTRAINT "FK_Deliveries_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
);

INSERT INTO "AuditHead" ("Id", "LastHash", "LastSequence")
VALUES (1, 'GENESIS', 0);

SELECT changes();

INSERT INTO "EngineCounters" ("Name", "Value")
VALUES ('auditor.fired', 0);

SELECT changes();

CREATE UNIQUE INDEX "IX_ApiKeys_Hash" ON "ApiKeys" ("Hash");

CREATE INDEX "IX_AuditEntries_MessageId_Id" ON "AuditEntries" ("MessageId", "Id");

CREATE UNIQUE INDEX "IX_AuditEntries_Sequence" ON "AuditEntries" ("Sequence");

CREATE UNIQUE INDEX "IX_Deliveries_MessageId_Layer_Page_RecipientId_Channel" ON "Deliveries" ("MessageId", "Layer", "Page", "RecipientId", "Channel");

CREATE INDEX "IX_Deliveries_RecipientId_DeliveredAt" ON "Deliveries" ("RecipientId", "DeliveredAt");

CREATE INDEX "IX_Ladders_FamilyId_IsCurrent" ON "Ladders" ("FamilyId", "IsCurrent");

CREATE UNIQUE INDEX "IX_Ladders_FamilyId_Version" ON "Ladders" ("FamilyId", "Version");

CREATE INDEX "IX_Messages_BroadcastRoleId" ON "Messages" ("BroadcastRoleId");

CREATE INDEX "IX_Messages_CreatedAt" ON "Messages" ("CreatedAt");

CREATE INDEX "IX_Messages_LadderId" ON "Messages" ("LadderId");

CREATE UNIQUE INDEX "IX_Messages_Source_ExternalId" ON "Messages" ("Source", "ExternalId");

CREATE INDEX "IX_Messages_State_DeadlineAt" ON "Messages" ("State", "DeadlineAt");

CREATE INDEX "IX_Messages_UnitId" ON "Messages" ("UnitId");

CREATE UNIQUE INDEX "IX_Outbox_IdempotencyKey" ON "Outbox" ("IdempotencyKey");

CREATE INDEX "IX_Outbox_SentAt_CreatedAt" ON "Outbox" ("SentAt", "CreatedAt");

CREATE INDEX "IX_RoleAssignments_RoleId_StartsAt" ON "RoleAssignments" ("RoleId", "StartsAt");

CREATE INDEX "IX_RoleAssignments_UserId" ON "RoleAssignments" ("UserId");
