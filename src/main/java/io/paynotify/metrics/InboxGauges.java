package io.paynotify.metrics;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.concurrent.TimeUnit;

/**
 * Inbox backlog (notifications not yet processed, due now or waiting for a retry), the age of
 * the oldest of them, how many wait for a payment Mercado Pago does not show yet, and the number of users in debt (a negative balance), read from the database at most once per
 * {@link #MAX_AGE_MILLIS} when {@code /metrics} is scraped (never on the payment path). While the
 * database is down the last values stay.
 */
public final class InboxGauges {

  static final long MAX_AGE_MILLIS = 2000;
  private static final long QUERY_TIMEOUT_MILLIS = 1000;
  private static final String QUERY = """
      SELECT count(*) AS backlog,
             COALESCE(EXTRACT(EPOCH FROM now() - min(received_at) FILTER (WHERE NOT not_found)), 0)::float8 AS oldest,
             count(*) FILTER (WHERE not_found) AS not_found,
             (SELECT count(*) FROM accounts WHERE credits < 0) AS in_debt
      FROM (SELECT received_at, COALESCE(last_error LIKE '% not found', false) AS not_found
            FROM inbox WHERE due_at IS NOT NULL) due""";

  private final Pool pool;
  private volatile long backlog;
  private volatile double oldestSeconds;
  private volatile long readAt;
  private volatile long inDebt;
  private volatile long notFound;

  public InboxGauges(Pool pool, NodeMetrics metrics) {
    this.pool = pool;
    metrics.gauge("paynotify.inbox.backlog", "payment notifications not yet processed", () -> backlog);
    // a payment Mercado Pago does not show yet is retried for an hour on purpose: it has its own gauge,
    // so that the age of the backlog keeps meaning "shoppers wait because we are behind"
    metrics.gauge("paynotify.inbox.oldest.due.seconds",
        "age of the oldest notification not yet processed, those waiting for a payment Mercado Pago answers 404 for aside",
        () -> oldestSeconds);
    metrics.gauge("paynotify.inbox.not.found.waiting",
        "notifications whose payment Mercado Pago answered 404 for, retried until the patience runs out", () -> notFound);
    metrics.gauge("paynotify.credits.negative.balances",
        "users whose balance is below zero (credits taken back after they were spent: a debt the next credit pays)",
        () -> inDebt);
  }

  /** Reads the values again if they are older than the cache time; never fails. */
  public Future<Void> refresh() {
    long now = System.currentTimeMillis();
    if (now - readAt < MAX_AGE_MILLIS) {
      return Future.succeededFuture();
    }
    readAt = now;
    return pool.query(QUERY).execute()
        .timeout(QUERY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .map(rows -> {
          Row row = rows.iterator().next();
          backlog = row.getLong("backlog");
          oldestSeconds = Math.max(0, row.getDouble("oldest"));
          inDebt = row.getLong("in_debt");
          notFound = row.getLong("not_found");
          return (Void) null;
        })
        .otherwiseEmpty();
  }
}
