-- V0009 answering service: caller details beside their message (encrypted), practice office hours and callback
-- caller ID, the masked-callback call log, and pending phone verifications. Only new tables: any V0004+ database takes it.

CREATE TABLE "PracticeSettings" (
    "UnitId" uuid NOT NULL,
    "OfficeDays" integer NOT NULL,
    "OpensMinute" integer NOT NULL,
    "ClosesMinute" integer NOT NULL,
    "CallerIdNumber" character varying(16),
    "UpdatedBy" character varying(450) NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_PracticeSettings" PRIMARY KEY ("UnitId"),
    CONSTRAINT "FK_PracticeSettings_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PhoneVerifications" (
    "UserId" character varying(450) NOT NULL,
    "PhoneNumber" character varying(16) NOT NULL,
    "CodeHash" character varying(64),
    "Salt" character varying(32) NOT NULL,
    "ExpiresAt" timestamp with time zone,
    "Tries" integer NOT NULL,
    "RequestedAt" timestamp with time zone NOT NULL,
    "WindowStartedAt" timestamp with time zone NOT NULL,
    "RequestsInWindow" integer NOT NULL,
    CONSTRAINT "PK_PhoneVerifications" PRIMARY KEY ("UserId"),
    CONSTRAINT "FK_PhoneVerifications_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AnsweringServiceCalls" (
    "MessageId" uuid NOT NULL,
    "CallerName" text NOT NULL,
    "CallbackNumber" text NOT NULL,
    "Reason" text,
    "TriageTier" character varying(16) NOT NULL,
    "AfterHours" boolean NOT NULL,
    "Routing" character varying(200) NOT NULL,
    "ReceivedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_AnsweringServiceCalls" PRIMARY KEY ("MessageId"),
    CONSTRAINT "FK_AnsweringServiceCalls_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CallbackCalls" (
    "Id" uuid NOT NULL,
    "MessageId" uuid NOT NULL,
    "ClinicianId" character varying(450) NOT NULL,
    "RequestedAt" timestamp with time zone NOT NULL,
    "CallSid" character varying(64),
    "Status" character varying(32) NOT NULL,
    "AnsweredBy" character varying(32),
    "BridgedAt" timestamp with time zone,
    "EndedAt" timestamp with time zone,
    "DurationSeconds" integer,
    "Error" character varying(500),
    CONSTRAINT "PK_CallbackCalls" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_CallbackCalls_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_CallbackCalls_MessageId_RequestedAt" ON "CallbackCalls" ("MessageId", "RequestedAt");
