-- V0008 lab limits: the site's critical limits table and its detection policy (one row, id 1), seeded with the
-- shipped defaults (CriticalLimits.Defaults) here rather than at start-up: a new database and an upgraded one get
-- them the same way, exactly once, and a site's later edits are never overwritten (see docs/decisions/014).

CREATE TABLE "LabLimits" (
    "Id" uuid NOT NULL,
    "LoincCode" character varying(10) NOT NULL,
    "Unit" character varying(32) NOT NULL,
    "Display" character varying(100) NOT NULL,
    "CriticalLow" numeric(18,6),
    "CriticalHigh" numeric(18,6),
    "AbnormalLow" numeric(18,6),
    "AbnormalHigh" numeric(18,6),
    "IsEnabled" boolean NOT NULL,
    "UpdatedBy" character varying(450),
    "UpdatedAt" timestamp with time zone,
    CONSTRAINT "PK_LabLimits" PRIMARY KEY ("Id")
);

CREATE TABLE "LabPolicy" (
    "Id" integer NOT NULL,
    "Precedence" character varying(20) NOT NULL,
    "UrgentForAbnormal" boolean NOT NULL,
    "Revision" bigint NOT NULL,
    "UpdatedBy" character varying(450),
    "UpdatedAt" timestamp with time zone,
    CONSTRAINT "PK_LabPolicy" PRIMARY KEY ("Id")
);

CREATE UNIQUE INDEX "IX_LabLimits_LoincCode_Unit" ON "LabLimits" ("LoincCode", "Unit");

INSERT INTO "LabLimits" ("Id", "LoincCode", "Unit", "Display", "CriticalLow", "CriticalHigh", "AbnormalLow", "AbnormalHigh", "IsEnabled", "UpdatedBy", "UpdatedAt") VALUES
    ('00000000-0000-0000-0008-000000000001', '2823-3', 'mmol/L', 'Potassium', 2.8, 6.2, 3.5, 5.1, TRUE, NULL, NULL),
    ('00000000-0000-0000-0008-000000000002', '6298-4', 'mmol/L', 'Potassium', 2.8, 6.2, 3.5, 5.1, TRUE, NULL, NULL),
    ('00000000-0000-0000-0008-000000000003', '2951-2', 'mmol/L', 'Sodium', 120, 160, 135, 145, TRUE, NULL, NULL),
    ('00000000-0000-0000-0008-000000000004', '2345-7', 'mg/dL', 'Glucose', 40, 450, 70, 140, TRUE, NULL, NULL),
    ('00000000-0000-0000-0008-000000000005', '2339-0', 'mg/dL', 'Glucose', 40, 450, 70, 140, TRUE, NULL, NULL),
    ('00000000-0000-0000-0008-000000000006', '15074-8', 'mmol/L', 'Glucose', 2.2, 25, 3.9, 7.8, TRUE, NULL, NULL),
    ('00000000-0000-0000-0008-000000000007', '17861-6', 'mg/dL', 'Calcium', 6.0, 13.0, 8.5, 10.5, TRUE, NULL, NULL),
    ('00000000-0000-0000-0008-000000000008', '718-7', 'g/dL', 'Hemoglobin', 7, 20, NULL, NULL, TRUE, NULL, NULL),
    ('00000000-0000-0000-0008-000000000009', '777-3', '10*3/uL', 'Platelets', 20, 1000, 150, 450, TRUE, NULL, NULL),
    ('00000000-0000-0000-0008-000000000010', '6598-7', 'ng/mL', 'Troponin I', NULL, 0.1, NULL, NULL, TRUE, NULL, NULL),
    ('00000000-0000-0000-0008-000000000011', '89579-7', 'ng/L', 'Troponin I (high sensitivity)', NULL, 52, NULL, NULL, TRUE, NULL, NULL),
    ('00000000-0000-0000-0008-000000000012', '2524-7', 'mmol/L', 'Lactate', NULL, 4, NULL, 2, TRUE, NULL, NULL);

INSERT INTO "LabPolicy" ("Id", "Precedence", "UrgentForAbnormal", "Revision", "UpdatedBy", "UpdatedAt") VALUES (1, 'MostSevereWins', FALSE, 1, NULL, NULL);
