package io.paynotify.credits;

import io.paynotify.db.IdempotencyKeys;
import io.paynotify.db.IdempotencyKeys.Reply;
import io.paynotify.notify.EventStore;
import io.paynotify.notify.EventTypes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The shop's backend changes a balance (CONTRACT §6): in one transaction the idempotency key, the
 * balance and a {@code CREDITS_CHANGED} event with the user's next seq. A debit is one conditional
 * update of the account row: concurrent debits queue on that row and each sees the balance the one
 * before left, so none is lost and the balance never goes below zero by a debit.
 */
public final class CreditStore {

  private static final String SCOPE = "credits";
  private static final String CREDIT = """
      INSERT INTO accounts (user_id, credits, last_seq) VALUES ($1, $2, 1)
      ON CONFLICT (user_id) DO UPDATE SET credits = accounts.credits + EXCLUDED.credits,
        last_seq = accounts.last_seq + 1, updated_at = now()
      RETURNING credits, last_seq""";
  private static final String DEBIT = """
      UPDATE accounts SET credits = credits + $2, last_seq = last_seq + 1, updated_at = now()
      WHERE user_id = $1 AND credits + $2 >= 0
      RETURNING credits, last_seq""";

  private final Pool pool;

  public CreditStore(Pool pool) {
    this.pool = pool;
  }

  /** A change asked for: a non-zero amount (negative: a debit) and why. */
  public record Change(String userId, long amount, String reason, String key) {
    String fingerprint() {
      return IdempotencyKeys.fingerprint(userId, Long.toString(amount), reason);
    }
  }

  /** Applies the change once per key; the reply is the first answer to that key. */
  public Future<Reply> apply(Change change) {
    return pool.withTransaction(tx -> IdempotencyKeys.once(tx, SCOPE, change.key(), change.fingerprint(),
        () -> balance(tx, change)));
  }

  private Future<Reply> balance(SqlConnection tx, Change change) {
    String sql = change.amount() > 0 ? CREDIT : DEBIT;
    return tx.preparedQuery(sql).execute(Tuple.of(change.userId(), change.amount())).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(new Reply(409, new JsonObject().put("error", "insufficient_credits")
            .put("message", "the balance is too low for this debit; nothing changed"), null));
      }
      Row row = rows.iterator().next();
      long total = row.getLong("credits");
      JsonObject data = new JsonObject().put("amount", change.amount()).put("reason", change.reason())
          .put("totalCredits", total).put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
      return EventStore.appendAt(tx, change.userId(), row.getLong("last_seq"), EventTypes.CREDITS_CHANGED, data)
          .map(event -> new Reply(200, new JsonObject().put("userId", change.userId()).put("totalCredits", total)
              .put("seq", event.seq()), event));
    });
  }
}
