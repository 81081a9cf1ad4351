package io.paynotify.dev;

import io.paynotify.config.Plan;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Payments shaped like Mercado Pago's {@code GET /v1/payments/{id}} answers. */
public final class FakePayments {

  /** Ids drawn from a range this wide never meet in one database's life; a counter would be process state. */
  private static final long FIRST_ID = 10_000_000_000L;
  private static final long LAST_ID = 1_000_000_000_000_000L;
  private static final DateTimeFormatter MP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

  private FakePayments() {
  }

  public static String nextId() {
    return String.valueOf(ThreadLocalRandom.current().nextLong(FIRST_ID, LAST_ID));
  }

  /**
   * The payment later, in {@code status} / {@code detail} with {@code refunded} of it refunded (a refund
   * entry per call, as Mercado Pago lists them), last updated {@code secondsLater} after it was.
   */
  public static JsonObject changed(JsonObject payment, String status, String detail, String refunded, long secondsLater) {
    JsonObject p = payment.copy().put("status", status).put("status_detail", detail)
        .put("transaction_amount_refunded", new java.math.BigDecimal(refunded).doubleValue())
        .put("date_last_updated", MP_TIME.format(OffsetDateTime.parse(payment.getString("date_last_updated"))
            .plusSeconds(secondsLater)));
    if (new java.math.BigDecimal(refunded).signum() > 0) {
      p.put("refunds", new JsonArray().add(new JsonObject().put("id", Long.parseLong(nextId()))
          .put("payment_id", payment.getValue("id")).put("amount", new java.math.BigDecimal(refunded).doubleValue())
          .put("status", "approved")));
    }
    return p;
  }

  /** A chargeback ({@code GET /v1/chargebacks/{id}}) about these payments. */
  public static JsonObject chargeback(String id, String... paymentIds) {
    JsonArray payments = new JsonArray();
    for (String paymentId : paymentIds) {
      payments.add(Long.parseLong(paymentId));
    }
    String now = MP_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(-4)));
    return new JsonObject().put("id", id).put("payments", payments).put("currency", "ARS").put("amount", 1500)
        .put("coverage_applied", false).put("coverage_elegible", true).put("documentation_required", true)
        .put("documentation_status", "pending").put("date_created", now).put("date_last_updated", now)
        .put("live_mode", false);
  }

  /** A payment of {@code plan} for {@code userId} in {@code status}, priced exactly as the plan. */
  public static JsonObject payment(String id, String userId, Plan plan, String status) {
    String now = MP_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(-4)));
    return new JsonObject()
        .put("id", Long.parseLong(id))
        .put("status", status)
        .put("status_detail", status.equals("approved") ? "accredited" : status.equals("rejected") ? "cc_rejected_other_reason" : status)
        .put("external_reference", userId)
        .put("metadata", new JsonObject().put("user_id", userId).put("plan_type", plan.type()))
        .put("transaction_amount", plan.price().doubleValue())
        .put("transaction_amount_refunded", 0)
        .put("currency_id", plan.currency())
        .put("date_created", now)
        .put("date_approved", status.equals("approved") ? now : null)
        .put("date_last_updated", now)
        .put("live_mode", false)
        .put("collector_id", 1165071449L)
        .put("payment_method_id", "master")
        .put("payment_type_id", "credit_card")
        .put("payer", new JsonObject().put("id", "1165072510").put("email", "test_user@testuser.com"))
        .put("refunds", new JsonArray())
        .put("captured", true);
  }
}
