package io.paynotify.payment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** What a user may read of the payment side: the balance and their own payments. Read-only. */
public final class PaymentQueries {

  private static final String CREDITS = "SELECT credits FROM accounts WHERE user_id = $1";
  private static final String OWN_PAYMENT = """
      SELECT payment_id, status, status_detail, plan_type, credits_granted, amount, currency, updated_at
      FROM payments WHERE payment_id = $1 AND user_id = $2""";
  private static final String PAYMENT = """
      SELECT payment_id, user_id, status, status_detail, plan_type, credits_granted, amount, currency, updated_at
      FROM payments WHERE payment_id = $1 AND status IS NOT NULL""";

  private final Pool pool;

  public PaymentQueries(Pool pool) {
    this.pool = pool;
  }

  /** The user's balance; 0 when the user never had any. */
  public Future<Long> credits(String userId) {
    return pool.preparedQuery(CREDITS).execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  /** The payment as its owner may see it, or empty when it is not that user's. */
  public Future<Optional<JsonObject>> ownPayment(String userId, String paymentId) {
    return pool.preparedQuery(OWN_PAYMENT).execute(Tuple.of(paymentId, userId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(paymentJson(rows.iterator().next())));
  }

  /** The payment's applied state with its {@code userId} (for the internal API), or empty when never applied. */
  public Future<Optional<JsonObject>> payment(String paymentId) {
    return pool.preparedQuery(PAYMENT).execute(Tuple.of(paymentId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(paymentJson(r).put("userId", r.getString("user_id")));
    });
  }

  private static JsonObject paymentJson(Row r) {
    return new JsonObject().put("paymentId", r.getString("payment_id"))
        .put("status", r.getString("status")).put("statusDetail", r.getString("status_detail"))
        .put("planType", r.getString("plan_type")).put("creditsGranted", r.getInteger("credits_granted"))
        .put("amount", r.getBigDecimal("amount") == null ? null : r.getBigDecimal("amount").toPlainString())
        .put("currency", r.getString("currency"))
        .put("updatedAt", r.getOffsetDateTime("updated_at").toInstant().toString());
  }
}
