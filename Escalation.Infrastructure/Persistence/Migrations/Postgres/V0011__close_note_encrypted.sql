-- V0011 close notes are encrypted like the body (issue 13): ciphertext is longer than the 2000 characters of a
-- note, so the column becomes text. Existing plaintext notes are encrypted in place at start-up (PatientDataUpgrade).

ALTER TABLE "Messages" ALTER COLUMN "CloseNote" TYPE text;
