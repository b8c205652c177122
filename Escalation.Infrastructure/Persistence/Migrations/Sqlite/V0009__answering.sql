-- V0009 answering service: caller details beside their message (encrypted), practice office hours and callback
-- caller ID, the masked-callback call log, and pending phone verifications. Only new tables: any V0004+ database takes it.

CREATE TABLE "PracticeSettings" (
    "UnitId" TEXT NOT NULL CONSTRAINT "PK_PracticeSettings" PRIMARY KEY,
    "OfficeDays" INTEGER NOT NULL,
    "OpensMinute" INTEGER NOT NULL,
    "ClosesMinute" INTEGER NOT NULL,
    "CallerIdNumber" TEXT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_PracticeSettings_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PhoneVerifications" (
    "UserId" TEXT NOT NULL CONSTRAINT "PK_PhoneVerifications" PRIMARY KEY,
    "PhoneNumber" TEXT NOT NULL,
    "CodeHash" TEXT NULL,
    "Salt" TEXT NOT NULL,
    "ExpiresAt" INTEGER NULL,
    "Tries" INTEGER NOT NULL,
    "RequestedAt" INTEGER NOT NULL,
    "WindowStartedAt" INTEGER NOT NULL,
    "RequestsInWindow" INTEGER NOT NULL,
    CONSTRAINT "FK_PhoneVerifications_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AnsweringServiceCalls" (
    "MessageId" TEXT NOT NULL CONSTRAINT "PK_AnsweringServiceCalls" PRIMARY KEY,
    "CallerName" TEXT NOT NULL,
    "CallbackNumber" TEXT NOT NULL,
    "Reason" TEXT NULL,
    "TriageTier" TEXT NOT NULL,
    "AfterHours" INTEGER NOT NULL,
    "Routing" TEXT NOT NULL,
    "ReceivedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_AnsweringServiceCalls_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CallbackCalls" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CallbackCalls" PRIMARY KEY,
    "MessageId" TEXT NOT NULL,
    "ClinicianId" TEXT NOT NULL,
    "RequestedAt" INTEGER NOT NULL,
    "CallSid" TEXT NULL,
    "Status" TEXT NOT NULL,
    "AnsweredBy" TEXT NULL,
    "BridgedAt" INTEGER NULL,
    "EndedAt" INTEGER NULL,
    "DurationSeconds" INTEGER NULL,
    "Error" TEXT NULL,
    CONSTRAINT "FK_CallbackCalls_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_CallbackCalls_MessageId_RequestedAt" ON "CallbackCalls" ("MessageId", "RequestedAt");
