-- V0005 telephony: each SMS and voice page with its retries (TelephonyPages), every Twilio webhook about them
-- (TelephonyCallbacks), and the numbers that texted STOP (SmsOptOuts).

CREATE TABLE "SmsOptOuts" (
    "PhoneNumber" TEXT NOT NULL CONSTRAINT "PK_SmsOptOuts" PRIMARY KEY,
    "OptedOutAt" INTEGER NOT NULL
);

CREATE TABLE "TelephonyCallbacks" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_TelephonyCallbacks" PRIMARY KEY,
    "PageId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Status" TEXT NULL,
    "AnsweredBy" TEXT NULL,
    "Digits" TEXT NULL,
    "ErrorCode" TEXT NULL,
    "ReceivedAt" INTEGER NOT NULL
);

CREATE TABLE "TelephonyPages" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_TelephonyPages" PRIMARY KEY,
    "DeliveryId" TEXT NOT NULL,
    "MessageId" TEXT NOT NULL,
    "Layer" INTEGER NOT NULL,
    "RecipientId" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "Attempt" INTEGER NOT NULL,
    "ToNumber" TEXT NOT NULL,
    "Sid" TEXT NULL,
    "Status" TEXT NULL,
    "AnsweredBy" TEXT NULL,
    "Digits" TEXT NULL,
    "Outcome" TEXT NOT NULL,
    "Error" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DueAt" INTEGER NOT NULL,
    "PlacedAt" INTEGER NULL,
    "CompletedAt" INTEGER NULL
);

CREATE INDEX "IX_TelephonyCallbacks_PageId_ReceivedAt" ON "TelephonyCallbacks" ("PageId", "ReceivedAt");
CREATE UNIQUE INDEX "IX_TelephonyPages_DeliveryId_Attempt" ON "TelephonyPages" ("DeliveryId", "Attempt");
CREATE INDEX "IX_TelephonyPages_MessageId" ON "TelephonyPages" ("MessageId");
CREATE INDEX "IX_TelephonyPages_Outcome_DueAt" ON "TelephonyPages" ("Outcome", "DueAt");
