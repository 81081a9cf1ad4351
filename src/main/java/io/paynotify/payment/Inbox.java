package io.paynotify.payment;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signed notifications waiting to be processed: one row per payment, due while {@code due_at} is
 * set. A worker takes a row with a lease (so another node takes it over if this one dies), and
 * finishes it only if no newer notification arrived meanwhile. So a notification is answered as soon
 * as it is stored, and a failure or a crash afterwards loses nothing.
 */
public final class Inbox {

  /** A leased row: which payment, which notification generation, how many attempts so far. */
  public record Claim(String paymentId, long generation, int attempts) { }

  /**
   * Stores a notification and, in the same statement, leases the row for this node unless another
   * worker holds a live lease (then the row is only made due again: the holder finishes it, or sees
   * the newer generation and works it again). {@code attempts} is 1 exactly when this node took it.
   */
  private static final String RECEIVE = """
      INSERT INTO inbox (payment_id, due_at, lease_until, attempts)
      VALUES ($1, now(), now() + $2::bigint * interval '1 millisecond', 1)
      ON CONFLICT (payment_id) DO UPDATE SET generation = inbox.generation + 1, received_at = now(),
        due_at = now(), done_at = NULL, outcome = NULL,
        attempts = CASE WHEN inbox.lease_until IS NULL OR inbox.lease_until < now() THEN 1 ELSE 0 END,
        lease_until = CASE WHEN inbox.lease_until IS NULL OR inbox.lease_until < now()
          THEN EXCLUDED.lease_until ELSE inbox.lease_until END
      RETURNING payment_id, generation, attempts""";
  private static final String CLAIM = """
      UPDATE inbox SET lease_until = now() + $2::bigint * interval '1 millisecond', attempts = attempts + 1
      WHERE payment_id = $1 AND due_at IS NOT NULL AND (lease_until IS NULL OR lease_until < now())
      RETURNING payment_id, generation, attempts""";
  private static final String CLAIM_DUE = """
      UPDATE inbox SET lease_until = now() + $2::bigint * interval '1 millisecond', attempts = attempts + 1
      WHERE payment_id IN (
        SELECT payment_id FROM inbox
        WHERE due_at <= now() AND (lease_until IS NULL OR lease_until < now())
        ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING payment_id, generation, attempts""";
  private static final String FINISH = """
      UPDATE inbox SET lease_until = NULL,
        due_at = CASE WHEN generation = $2 THEN NULL ELSE due_at END,
        done_at = CASE WHEN generation = $2 THEN now() ELSE done_at END,
        outcome = CASE WHEN generation = $2 THEN $3 ELSE outcome END,
        last_error = CASE WHEN generation = $2 THEN $4 ELSE last_error END
      WHERE payment_id = $1
      RETURNING generation = $2""";
  private static final String RETRY = """
      UPDATE inbox SET lease_until = NULL, due_at = now() + $2::bigint * interval '1 millisecond', last_error = $3
      WHERE payment_id = $1""";
  private static final String ENQUEUE_STALE_PENDING = """
      INSERT INTO inbox (payment_id, due_at)
      SELECT payment_id, now() FROM payments
      WHERE status IN ('pending', 'in_process', 'authorized')
        AND updated_at < now() - $1::bigint * interval '1 millisecond'
        AND created_at > now() - interval '30 days'
      ON CONFLICT (payment_id) DO UPDATE SET generation = inbox.generation + 1, due_at = now(), attempts = 0
        WHERE inbox.due_at IS NULL""";

  private static final String FINISHED = "SELECT due_at IS NULL FROM inbox WHERE payment_id = $1";

  private final Pool pool;
  private final long leaseMillis;

  public Inbox(Pool pool, Duration lease) {
    this.pool = pool;
    this.leaseMillis = lease.toMillis();
  }

  /**
   * Stores a signed notification durably (the caller answers only once this succeeded) and returns
   * the lease this node took with it, or empty when another worker holds the row.
   */
  public Future<Optional<Claim>> receive(String paymentId) {
    return pool.preparedQuery(RECEIVE).execute(Tuple.of(paymentId, leaseMillis)).map(rows -> {
      Claim claim = claim(rows.iterator().next());
      return claim.attempts() == 1 ? Optional.of(claim) : Optional.empty();
    });
  }

  /** Leases the payment's row if it is due and nobody holds it. */
  public Future<Optional<Claim>> claim(String paymentId) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(paymentId, leaseMillis))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(claim(rows.iterator().next())));
  }

  /** Leases up to {@code limit} due rows that no other worker holds. */
  public Future<List<Claim>> claimDue(int limit) {
    return pool.preparedQuery(CLAIM_DUE).execute(Tuple.of(limit, leaseMillis)).map(rows -> {
      List<Claim> claims = new ArrayList<>(rows.size());
      rows.forEach(row -> claims.add(claim(row)));
      return claims;
    });
  }

  /**
   * Ends the work on a claim with an outcome ({@code error} null for success). Returns false when a
   * newer notification arrived meanwhile: the row stays due and must be processed again.
   */
  public Future<Boolean> finish(Claim claim, String outcome, String error) {
    return finish(pool, claim, outcome, error);
  }

  /** {@link #finish} on the caller's connection: inside its transaction, committed (or not) with it. */
  public static Future<Boolean> finish(SqlClient client, Claim claim, String outcome, String error) {
    return client.preparedQuery(FINISH).execute(Tuple.of(claim.paymentId(), claim.generation(), outcome, error))
        .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)));
  }

  /** Releases the lease and makes the row due again after {@code delay}. */
  public Future<Void> retryLater(Claim claim, Duration delay, String error) {
    return pool.preparedQuery(RETRY).execute(Tuple.of(claim.paymentId(), delay.toMillis(), error)).mapEmpty();
  }

  /** Whether the payment's row is finished (not due): its newest notification has been worked. */
  public Future<Boolean> finished(String paymentId) {
    return pool.preparedQuery(FINISHED).execute(Tuple.of(paymentId))
        .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)));
  }

  /** Makes payments that have been pending for longer than {@code age} due again (reconciliation). */
  public Future<Integer> enqueueStalePending(Duration age) {
    return pool.preparedQuery(ENQUEUE_STALE_PENDING).execute(Tuple.of(age.toMillis())).map(rows -> rows.rowCount());
  }

  private static Claim claim(Row row) {
    return new Claim(row.getString("payment_id"), row.getLong("generation"), row.getInteger("attempts"));
  }
}
