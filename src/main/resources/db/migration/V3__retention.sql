-- Retention (EVENTS_RETENTION_DAYS): the periodic delete finds old events and finished inbox rows
-- by age without scanning the tables.
CREATE INDEX events_by_age ON events (created_at);
CREATE INDEX inbox_finished_by_age ON inbox (done_at) WHERE due_at IS NULL;
