package io.paynotify.payment;

import io.paynotify.metrics.NodeMetrics;
import io.paynotify.notify.EventStore;
import io.paynotify.notify.UserEvent;
import io.paynotify.logging.LogFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a fetched payment in one transaction: the payment row (locked, so notifications of one
 * payment serialize), the user's balance, the event row with the next seq and the finish of the
 * inbox row that was worked change together or not at all: one commit per applied notification.
 */
public final class PaymentStore {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentStore.class);

  /**
   * Creates the payment row if it is new and locks it either way (an {@code ON CONFLICT DO UPDATE}
   * locks the existing row like {@code FOR UPDATE} and returns its latest committed state), so
   * notifications of one payment serialize.
   */
  private static final String LOCK = """
      INSERT INTO payments (payment_id) VALUES ($1)
      ON CONFLICT (payment_id) DO UPDATE SET payment_id = EXCLUDED.payment_id
      RETURNING status, status_detail, refunded_amount, credits_added, credits_granted, mp_updated_at, user_id""";
  private static final String CREDIT = """
      INSERT INTO accounts (user_id, credits) VALUES ($1, $2)
      ON CONFLICT (user_id) DO UPDATE SET credits = accounts.credits + EXCLUDED.credits, updated_at = now()
      RETURNING credits""";
  /** {@link #CREDIT} and the event's seq ({@code EventStore}'s next seq) in one statement on the same row. */
  private static final String CREDIT_AND_SEQ = """
      INSERT INTO accounts (user_id, credits, last_seq) VALUES ($1, $2, 1)
      ON CONFLICT (user_id) DO UPDATE SET credits = accounts.credits + EXCLUDED.credits,
        last_seq = accounts.last_seq + 1, updated_at = now()
      RETURNING credits, last_seq""";
  private static final String TOUCH = "UPDATE payments SET updated_at = now() WHERE payment_id = $1";
  private static final String UPDATE = """
      UPDATE payments SET user_id = $2, plan_type = $3, status = $4, status_detail = $5, amount = $6,
        currency = $7, collector_id = $8, mp_updated_at = COALESCE($9, mp_updated_at), credits_granted = credits_granted + $10,
        check_failure = $11, refunded_amount = $12, credits_added = GREATEST(credits_added, $13), updated_at = now()
      WHERE payment_id = $1""";
  private static final String LATEST_EVENT = """
      SELECT e.user_id, e.seq, e.type, e.data FROM payments p
      JOIN LATERAL (SELECT user_id, seq, type, data FROM events
        WHERE user_id = p.user_id AND type LIKE 'PAYMENT\\_%' AND data->>'paymentId' = p.payment_id
        ORDER BY seq DESC LIMIT 1) e ON true
      WHERE p.payment_id = $1""";

  private final Pool pool;
  private final PaymentRules rules;
  private final NodeMetrics metrics;

  public PaymentStore(Pool pool, PaymentRules rules, NodeMetrics metrics) {
    this.pool = pool;
    this.rules = rules;
    this.metrics = metrics;
  }

  /**
   * What a committed apply did: the event it stored, if any, and whether it finished the inbox row
   * (false: a newer notification arrived meanwhile, the row stays due and must be worked again).
   */
  public record Applied(Optional<UserEvent> event, boolean finished) {
    Applied withEvent(Optional<UserEvent> other) {
      return new Applied(other, finished);
    }
  }

  /**
   * Applies the payment fetched for the claim and finishes the claim's inbox row in the same
   * transaction; the event is returned (and counted) after commit.
   */
  public Future<Applied> apply(Inbox.Claim claim, MpPayment payment) {
    return pool.withTransaction(tx -> tx.preparedQuery(LOCK).execute(Tuple.of(payment.id()))
            .map(rows -> stored(rows.iterator().next()))
            .compose(stored -> apply(tx, payment, rules.decide(stored, payment)))
            .compose(event -> Inbox.finish(tx, claim, "applied", null).map(done -> new Applied(event, done))))
        .onSuccess(applied -> applied.event().ifPresent(this::counted));
  }

  private void counted(UserEvent event) {
    metrics.eventStored();
    if (PaymentRules.NEEDS_REVIEW.equals(event.type())) {
      metrics.needsReview(event.data().getString("reason"));
    }
  }

  private Future<Optional<UserEvent>> apply(SqlConnection tx, MpPayment payment, PaymentRules.Decision decision) {
    try (LogFields fields = LogFields.of(LogFields.PAYMENT_ID, payment.id(), LogFields.USER_ID, decision.userId())) {
      if (decision.stale()) {
        LOG.info("payment {}: stale state {} ignored", payment.id(), payment.status());
        return tx.preparedQuery(TOUCH).execute(Tuple.of(payment.id())).map(Optional.empty());
      }
      if (decision.failure() != null) {
        LOG.warn("payment {} ({}) not credited: {}", payment.id(), payment.status(), decision.failure());
      }
    }
    return event(tx, payment, decision)
        .compose(event -> tx.preparedQuery(UPDATE).execute(update(payment, decision)).map(event));
  }

  /**
   * The balance change and the event; when both change (or the event tells the balance), one statement
   * raises the credits and the seq. Taking credits back never fails: the balance may go below zero.
   */
  private Future<Optional<UserEvent>> event(SqlConnection tx, MpPayment payment, PaymentRules.Decision decision) {
    String userId = decision.userId();
    Tuple credit = Tuple.of(userId, decision.creditDelta());
    if (decision.eventType() == null) {
      return decision.changesBalance() ? tx.preparedQuery(CREDIT).execute(credit).map(Optional.empty())
          : Future.succeededFuture(Optional.empty());
    }
    if (!decision.changesBalance() && !tellsBalance(decision.eventType())) {
      return EventStore.append(tx, userId, decision.eventType(), eventData(payment, decision, null)).map(Optional::of);
    }
    return tx.preparedQuery(CREDIT_AND_SEQ).execute(credit).compose(rows -> {
      Row row = rows.iterator().next();
      return EventStore.appendAt(tx, userId, row.getLong("last_seq"), decision.eventType(),
          eventData(payment, decision, row.getLong("credits")));
    }).map(Optional::of);
  }

  private static boolean tellsBalance(String eventType) {
    return PaymentRules.CONFIRMED.equals(eventType) || PaymentRules.REFUNDED.equals(eventType);
  }

  private static JsonObject eventData(MpPayment payment, PaymentRules.Decision decision, Long balance) {
    JsonObject data = new JsonObject()
        .put("paymentId", payment.id())
        .put("status", payment.status())
        .put("statusDetail", payment.statusDetail())
        .put("planType", payment.planType());
    switch (decision.eventType()) {
      case PaymentRules.CONFIRMED -> data.put("creditsAdded", decision.creditDelta());
      case PaymentRules.NEEDS_REVIEW -> data.put("reason", decision.reason());
      default -> { }
    }
    data.mergeIn(decision.fields());
    if (tellsBalance(decision.eventType())) {
      data.put("totalCredits", balance);
    }
    return data.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
  }

  private static Tuple update(MpPayment p, PaymentRules.Decision decision) {
    return Tuple.tuple()
        .addString(p.id()).addString(decision.userId()).addString(p.planType()).addString(p.status())
        .addString(p.statusDetail()).addBigDecimal(p.amount()).addString(p.currency()).addString(p.collectorId())
        .addOffsetDateTime(p.lastUpdated()).addInteger(decision.creditDelta()).addString(decision.failure())
        .addBigDecimal(p.refunded()).addInteger(decision.creditsAdded());
  }

  private static PaymentRules.Stored stored(Row row) {
    OffsetDateTime updated = row.getOffsetDateTime("mp_updated_at");
    return new PaymentRules.Stored(row.getString("status"), row.getString("status_detail"),
        row.getBigDecimal("refunded_amount"), row.getInteger("credits_added"), row.getInteger("credits_granted"),
        updated, row.getString("user_id"));
  }

  /**
   * The newest stored event of the payment (its last change of state), or empty when it never had one.
   * Re-published when a retry or a takeover finds the state unchanged: the node that stored it may
   * have died before publishing it, or a message between nodes was lost; tabs drop a seq they already have.
   */
  public Future<Optional<UserEvent>> latestEvent(String paymentId) {
    return pool.preparedQuery(LATEST_EVENT).execute(Tuple.of(paymentId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new UserEvent(r.getString("user_id"), r.getLong("seq"), r.getString("type"),
          (JsonObject) r.getValue("data")));
    });
  }
}
