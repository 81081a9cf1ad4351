package io.paynotify.payment;

import io.vertx.core.json.JsonObject;

/**
 * What the HTTP edge hands the PaymentVerticle of a {@code POST /payments/webhook}: the query
 * parameters that matter, the two signed headers, the raw body and the sender's address (for the log).
 */
public record WebhookRequest(String dataId, String type, String topic, String id, String signature,
                             String requestId, String body, String source) {

  public JsonObject toJson() {
    return new JsonObject().put("dataId", dataId).put("type", type).put("topic", topic).put("id", id)
        .put("signature", signature).put("requestId", requestId).put("body", body)
        .put("source", source);
  }

  public static WebhookRequest fromJson(JsonObject json) {
    return new WebhookRequest(json.getString("dataId"), json.getString("type"), json.getString("topic"),
        json.getString("id"), json.getString("signature"), json.getString("requestId"), json.getString("body"),
        json.getString("source"));
  }
}
