-- One message's rows, as the engine writes them when a message is sent: message, delivery, audit entry, outbox.
-- scripts/benchmark.sh runs it with pgbench (16 clients) on the benchmark's own cluster, for the ratio.
BEGIN;
INSERT INTO message VALUES (gen_random_uuid(), 'Critical', 'K+ 6.9', 'ciphertext-of-the-body', 'Open', now(), now() + interval '3 minutes');
INSERT INTO delivery VALUES (gen_random_uuid(), gen_random_uuid(), 1, 'nurse', 'Inbox', now());
INSERT INTO audit_entry (at, actor, kind, message_id, detail) VALUES (0, 'sender', 'Created', gen_random_uuid(), 'Layer 1');
INSERT INTO outbox VALUES (gen_random_uuid(), gen_random_uuid()::text || ':1:0:nurse:Inbox', gen_random_uuid(), 'Inbox', now());
END;
