-- V0002 engine: ladders (versioned), tier policies, role assignments (minimal roster), messages and deliveries,
-- the outbox, the audit chain and its head, engine counters, integration API keys. Tables are new: V0001 is untouched.

CREATE TABLE "ApiKeys" (
    "Id" uuid NOT NULL,
    "Name" character varying(100) NOT NULL,
    "SourceName" character varying(100) NOT NULL,
    "Prefix" character varying(8) NOT NULL,
    "Hash" character varying(64) NOT NULL,
    "CreatedBy" character varying(450) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "RevokedAt" timestamp with time zone,
    "RevokedBy" character varying(450),
    CONSTRAINT "PK_ApiKeys" PRIMARY KEY ("Id")
);

CREATE TABLE "AuditEntries" (
    "Sequence" bigint NOT NULL,
    "AtUnixMs" bigint NOT NULL,
    "Actor" character varying(450) NOT NULL,
    "Kind" character varying(64) NOT NULL,
    "MessageId" uuid,
    "Layer" integer,
    "Channel" character varying(16),
    "Detail" text,
    "PreviousHash" character varying(64) NOT NULL,
    "Hash" character varying(64) NOT NULL,
    CONSTRAINT "PK_AuditEntries" PRIMARY KEY ("Sequence")
);

CREATE TABLE "AuditHead" (
    "Id" integer NOT NULL,
    "LastSequence" bigint NOT NULL,
    "LastHash" character varying(64) NOT NULL,
    CONSTRAINT "PK_AuditHead" PRIMARY KEY ("Id")
);

CREATE TABLE "EngineCounters" (
    "Name" character varying(64) NOT NULL,
    "Value" bigint NOT NULL,
    CONSTRAINT "PK_EngineCounters" PRIMARY KEY ("Name")
);

CREATE TABLE "Ladders" (
    "Id" uuid NOT NULL,
    "FamilyId" uuid NOT NULL,
    "Version" integer NOT NULL,
    "Name" character varying(100) NOT NULL,
    "LayersJson" text NOT NULL,
    "IsCurrent" boolean NOT NULL,
    "ChangedBy" character varying(450) NOT NULL,
    "ChangeNote" character varying(1000) NOT NULL,
    "ChangedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_Ladders" PRIMARY KEY ("Id")
);

CREATE TABLE "Outbox" (
    "Id" uuid NOT NULL,
    "IdempotencyKey" character varying(700) NOT NULL,
    "MessageId" uuid NOT NULL,
    "DeliveryId" uuid NOT NULL,
    "RecipientId" character varying(450) NOT NULL,
    "Channel" character varying(16) NOT NULL,
    "Layer" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "SentAt" timestamp with time zone,
    "Attempts" integer NOT NULL,
    "LastError" character varying(500),
    CONSTRAINT "PK_Outbox" PRIMARY KEY ("Id")
);

CREATE TABLE "TierPolicies" (
    "Tier" character varying(16) NOT NULL,
    "Escalates" boolean NOT NULL,
    "LadderFamilyId" uuid NOT NULL,
    "RequiresAck" boolean NOT NULL,
    "UpdatedBy" character varying(450) NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_TierPolicies" PRIMARY KEY ("Tier")
);

CREATE TABLE "Messages" (
    "Id" uuid NOT NULL,
    "Tier" character varying(16) NOT NULL,
    "Subject" character varying(200) NOT NULL,
    "Body" text NOT NULL,
    "PatientRef" text,
    "Source" character varying(32) NOT NULL,
    "ExternalId" character varying(200),
    "UnitId" uuid NOT NULL,
    "LadderId" uuid,
    "IsBroadcast" boolean NOT NULL,
    "BroadcastRoleId" uuid,
    "Escalates" boolean NOT NULL,
    "RequiresAck" boolean NOT NULL,
    "State" character varying(16) NOT NULL,
    "CurrentLayer" integer NOT NULL,
    "LayerStartedAt" timestamp with time zone,
    "DeadlineAt" timestamp with time zone,
    "IsExhausted" boolean NOT NULL,
    "Pages" integer NOT NULL,
    "AcknowledgedBy" character varying(450),
    "AcknowledgedAt" timestamp with time zone,
    "AcknowledgedOnBehalf" boolean NOT NULL,
    "ClosedBy" character varying(450),
    "ClosedAt" timestamp with time zone,
    "Outcome" character varying(32),
    "CloseNote" character varying(2000),
    "CreatedBy" character varying(450) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "Revision" integer NOT NULL,
    CONSTRAINT "PK_Messages" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Messages_ClinicalRoles_BroadcastRoleId" FOREIGN KEY ("BroadcastRoleId") REFERENCES "ClinicalRoles" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Messages_Ladders_LadderId" FOREIGN KEY ("LadderId") REFERENCES "Ladders" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Messages_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "RoleAssignments" (
    "Id" uuid NOT NULL,
    "RoleId" uuid NOT NULL,
    "UserId" character varying(450) NOT NULL,
    "StartsAt" timestamp with time zone NOT NULL,
    "EndsAt" timestamp with time zone,
    "CreatedBy" character varying(450) NOT NULL,
    CONSTRAINT "PK_RoleAssignments" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_RoleAssignments_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RoleAssignments_ClinicalRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "ClinicalRoles" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Deliveries" (
    "Id" uuid NOT NULL,
    "MessageId" uuid NOT NULL,
    "Layer" integer NOT NULL,
    "Page" integer NOT NULL,
    "RecipientId" character varying(450) NOT NULL,
    "Channel" character varying(16) NOT NULL,
    "DeliveredAt" timestamp with time zone NOT NULL,
    "ReadAt" timestamp with time zone,
    "AcknowledgedAt" timestamp with time zone,
    CONSTRAINT "PK_Deliveries" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Deliveries_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
);

INSERT INTO "AuditHead" ("Id", "LastHash", "LastSequence")
VALUES (1, 'GENESIS', 0);

INSERT INTO "EngineCounters" ("Name", "Value")
VALUES ('auditor.fired', 0);

CREATE UNIQUE INDEX "IX_ApiKeys_Hash" ON "ApiKeys" ("Hash");

CREATE INDEX "IX_AuditEntries_MessageId_Sequence" ON "AuditEntries" ("MessageId", "Sequence");

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
