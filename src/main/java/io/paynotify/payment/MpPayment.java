package io.paynotify.payment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The fields paynotify reads from {@code GET /v1/payments/{id}}; the only state that counts.
 * {@code refunded} is {@code transaction_amount_refunded} (else the sum of the approved {@code refunds[]}), never null.
 */
public record MpPayment(String id, String status, String statusDetail, String userId, String planType,
                        BigDecimal amount, String currency, String collectorId, OffsetDateTime lastUpdated,
                        BigDecimal refunded) {

  public MpPayment {
    refunded = refunded == null || refunded.signum() < 0 ? BigDecimal.ZERO : refunded;
  }

  /** A payment nothing of which was refunded. */
  public MpPayment(String id, String status, String statusDetail, String userId, String planType,
                   BigDecimal amount, String currency, String collectorId, OffsetDateTime lastUpdated) {
    this(id, status, statusDetail, userId, planType, amount, currency, collectorId, lastUpdated, BigDecimal.ZERO);
  }

  /** Reads Mercado Pago's JSON; user = {@code metadata.user_id}, else {@code external_reference}. */
  public static MpPayment fromJson(JsonObject json) {
    JsonObject metadata = json.getValue("metadata") instanceof JsonObject m ? m : new JsonObject();
    String userId = text(metadata.getValue("user_id"));
    if (userId == null) {
      userId = text(json.getValue("external_reference"));
    }
    return new MpPayment(text(json.getValue("id")), text(json.getValue("status")),
        text(json.getValue("status_detail")), userId, text(metadata.getValue("plan_type")),
        amount(json.getValue("transaction_amount")), text(json.getValue("currency_id")),
        text(json.getValue("collector_id")), time(json.getValue("date_last_updated")), refunded(json));
  }

  /** Mercado Pago's total refunded; older answers without it carry the refunds themselves. */
  private static BigDecimal refunded(JsonObject json) {
    BigDecimal total = amount(json.getValue("transaction_amount_refunded"));
    if (total != null || !(json.getValue("refunds") instanceof JsonArray refunds)) {
      return total;
    }
    BigDecimal sum = BigDecimal.ZERO;
    for (Object r : refunds) {
      if (r instanceof JsonObject refund && !"rejected".equals(refund.getValue("status"))) {
        BigDecimal part = amount(refund.getValue("amount"));
        sum = part == null ? sum : sum.add(part);
      }
    }
    return sum;
  }

  private static String text(Object value) {
    if (value instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  private static BigDecimal amount(Object value) {
    try {
      return value instanceof Number || value instanceof String ? new BigDecimal(value.toString()) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static OffsetDateTime time(Object value) {
    try {
      return value instanceof String s ? OffsetDateTime.parse(s) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
