-- paynotify schema: the database is the record (DESIGN decisions 1-4).

-- One row per user who ever had an event: balance and newest event seq.
CREATE TABLE accounts (
  user_id    text PRIMARY KEY,
  credits    bigint NOT NULL DEFAULT 0,
  last_seq   bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every event pushed to a user, with its per-user seq (1, 2, 3, ...). Replayed with ?since=.
CREATE TABLE events (
  user_id    text NOT NULL,
  seq        bigint NOT NULL,
  type       text NOT NULL,
  data       jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, seq)
);

-- One row per Mercado Pago payment, its last applied state. Concurrent notifications serialize here.
CREATE TABLE payments (
  payment_id      text PRIMARY KEY,
  user_id         text,
  plan_type       text,
  status          text,
  status_detail   text,
  amount          numeric(14, 2),
  currency        text,
  collector_id    text,
  mp_updated_at   timestamptz,
  credits_granted integer NOT NULL DEFAULT 0,
  check_failure   text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_by_user ON payments (user_id);
CREATE INDEX payments_pending ON payments (updated_at) WHERE status IN ('pending', 'in_process', 'authorized');

-- Signed notifications not yet fully processed: one row per payment, due while due_at is set.
-- generation grows with every notification, so work finished for an older one does not hide a newer one.
CREATE TABLE inbox (
  payment_id  text PRIMARY KEY,
  generation  bigint NOT NULL DEFAULT 1,
  received_at timestamptz NOT NULL DEFAULT now(),
  due_at      timestamptz,
  lease_until timestamptz,
  attempts    integer NOT NULL DEFAULT 0,
  last_error  text,
  outcome     text,
  done_at     timestamptz
);
CREATE INDEX inbox_due ON inbox (due_at) WHERE due_at IS NOT NULL;
