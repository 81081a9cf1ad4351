-- Idempotency-Key of the internal API (CONTRACT §6): the first answer to a key, replayed to a repeat of
-- the same request; another request under the same key is refused. Kept at least 24 hours.
CREATE TABLE idempotency_keys (
  scope        text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  status       integer,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
