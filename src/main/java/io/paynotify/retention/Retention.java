package io.paynotify.retention;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes events older than the retention and finished inbox rows (done, not due) older than it, in
 * small batches with a pause between, so that neither the hot path nor replication notices. Runs on
 * every node: concurrent deleters skip each other's locked rows ({@code FOR UPDATE SKIP LOCKED}).
 * Idempotency keys older than 48 hours go too. Accounts (balance, newest seq) and payments are never deleted.
 */
public final class Retention {

  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  static final int BATCH = 1000;
  static final Duration PAUSE = Duration.ofMillis(200);

  private static final String DELETE_EVENTS = """
      DELETE FROM events WHERE ctid IN (
        SELECT ctid FROM events WHERE created_at < now() - $1::int * interval '1 day'
        LIMIT $2 FOR UPDATE SKIP LOCKED)""";
  private static final String DELETE_INBOX = """
      DELETE FROM inbox WHERE ctid IN (
        SELECT ctid FROM inbox WHERE due_at IS NULL AND done_at < now() - $1::int * interval '1 day'
        LIMIT $2 FOR UPDATE SKIP LOCKED)""";

  /** Idempotency keys answer repeats for at least 24 hours (CONTRACT §6); kept twice that. */
  private static final String DELETE_KEYS = """
      DELETE FROM idempotency_keys WHERE ctid IN (
        SELECT ctid FROM idempotency_keys WHERE created_at < now() - interval '48 hours' AND $1::int >= 0
        LIMIT $2 FOR UPDATE SKIP LOCKED)""";

  private final Vertx vertx;
  private final Pool pool;
  private final int days;
  private boolean running;

  public Retention(Vertx vertx, Pool pool, int days) {
    this.vertx = vertx;
    this.pool = pool;
    this.days = days;
  }

  /** One pass over both tables; skipped while the previous pass is still deleting. */
  public void run() {
    if (running) {
      return;
    }
    running = true;
    deleteAll(DELETE_EVENTS, 0)
        .compose(events -> deleteAll(DELETE_KEYS, 0).map(events))
        .compose(events -> deleteAll(DELETE_INBOX, 0).map(inbox -> {
          if (events + inbox > 0) {
            LOG.info("retention: deleted {} events and {} finished inbox rows older than {} days", events, inbox, days);
          }
          return null;
        }))
        .onFailure(e -> LOG.warn("retention pass failed (retried next time): {}", e.toString()))
        .onComplete(ar -> running = false);
  }

  /** Deletes batch after batch until one comes back short; returns how many rows went. */
  private Future<Long> deleteAll(String sql, long deletedSoFar) {
    return pool.preparedQuery(sql).execute(Tuple.of(days, BATCH)).compose(rows -> {
      long total = deletedSoFar + rows.rowCount();
      if (rows.rowCount() < BATCH) {
        return Future.succeededFuture(total);
      }
      return pause().compose(v -> deleteAll(sql, total));
    });
  }

  private Future<Void> pause() {
    return Future.future(p -> vertx.setTimer(PAUSE.toMillis(), t -> p.complete()));
  }
}
