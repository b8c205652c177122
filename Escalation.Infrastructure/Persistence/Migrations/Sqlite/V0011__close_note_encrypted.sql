-- V0011 close notes are encrypted like the body (issue 13). SQLite's TEXT column already holds ciphertext of any
-- length, so only PostgreSQL changes its column; this step keeps the two providers' versions in step. Existing
-- plaintext notes are encrypted in place at start-up (PatientDataUpgrade).

SELECT 1;
