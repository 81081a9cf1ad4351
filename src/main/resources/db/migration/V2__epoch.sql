-- The event log's name (CONTRACT §3 READY "epoch"). Made once, when the schema is created, and never
-- changed: a client that holds seqs of another epoch (a restore, another environment) starts over.
CREATE TABLE log_meta (
  id    boolean PRIMARY KEY DEFAULT true CHECK (id),
  epoch text NOT NULL
);
INSERT INTO log_meta (epoch) VALUES (substr(replace(gen_random_uuid()::text, '-', ''), 1, 16));
