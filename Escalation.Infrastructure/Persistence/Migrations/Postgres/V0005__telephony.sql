-- V0005 telephony: each SMS and voice page with its retries (TelephonyPages), every Twilio webhook about them
-- (TelephonyCallbacks), and the numbers that texted STOP (SmsOptOuts).

CREATE TABLE "SmsOptOuts" (
    "PhoneNumber" character varying(20) NOT NULL,
    "OptedOutAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_SmsOptOuts" PRIMARY KEY ("PhoneNumber")
);

CREATE TABLE "TelephonyCallbacks" (
    "Id" uuid NOT NULL,
    "PageId" uuid NOT NULL,
    "Kind" character varying(16) NOT NULL,
    "Status" character varying(32),
    "AnsweredBy" character varying(32),
    "Digits" character varying(16),
    "ErrorCode" character varying(16),
    "ReceivedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_TelephonyCallbacks" PRIMARY KEY ("Id")
);

CREATE TABLE "TelephonyPages" (
    "Id" uuid NOT NULL,
    "DeliveryId" uuid NOT NULL,
    "MessageId" uuid NOT NULL,
    "Layer" integer NOT NULL,
    "RecipientId" character varying(450) NOT NULL,
    "Channel" character varying(16) NOT NULL,
    "Attempt" integer NOT NULL,
    "ToNumber" character varying(20) NOT NULL,
    "Sid" character varying(64),
    "Status" character varying(32),
    "AnsweredBy" character varying(32),
    "Digits" character varying(16),
    "Outcome" character varying(16) NOT NULL,
    "Error" character varying(500),
    "CreatedAt" timestamp with time zone NOT NULL,
    "DueAt" timestamp with time zone NOT NULL,
    "PlacedAt" timestamp with time zone,
    "CompletedAt" timestamp with time zone,
    CONSTRAINT "PK_TelephonyPages" PRIMARY KEY ("Id")
);

CREATE INDEX "IX_TelephonyCallbacks_PageId_ReceivedAt" ON "TelephonyCallbacks" ("PageId", "ReceivedAt");
CREATE UNIQUE INDEX "IX_TelephonyPages_DeliveryId_Attempt" ON "TelephonyPages" ("DeliveryId", "Attempt");
CREATE INDEX "IX_TelephonyPages_MessageId" ON "TelephonyPages" ("MessageId");
CREATE INDEX "IX_TelephonyPages_Outcome_DueAt" ON "TelephonyPages" ("Outcome", "DueAt");
