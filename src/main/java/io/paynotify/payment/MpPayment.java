package io.paynotify.payment;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The fields paynotify reads from {@code GET /v1/payments/{id}}; the only state that counts. */
public record MpPayment(String id, String status, String statusDetail, String userId, String planType,
                        BigDecimal amount, String currency, String collectorId, OffsetDateTime lastUpdated) {

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
        text(json.getValue("collector_id")), time(json.getValue("date_last_updated")));
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
