package io.paynotify.dev;

import io.paynotify.payment.WebhookSignature;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A payment notification exactly as Mercado Pago sends one: {@code POST} to {@link #uri} (query
 * {@code ?data.id=&type=payment}), headers {@code x-request-id} and {@code x-signature}
 * ({@code ts=..,v1=HMAC-SHA256}), and a {@code payment.updated} body. The one signer of the demo, the
 * tests and {@code scripts/send-webhook.sh} (through {@link SendWebhook}).
 */
public record SignedNotification(String uri, Map<String, String> headers, String body) {

  /** Signed with {@code webhookSecret}, with a fresh request id and the current time. */
  public static SignedNotification of(String webhookSecret, String paymentId) {
    String requestId = UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    String ts = String.valueOf(now);
    JsonObject body = new JsonObject().put("action", "payment.updated").put("api_version", "v1")
        .put("data", new JsonObject().put("id", paymentId)).put("date_created", Instant.ofEpochMilli(now).toString())
        .put("id", now).put("live_mode", false).put("type", "payment").put("user_id", 724484980);
    return new SignedNotification("/payments/webhook?data.id=" + paymentId + "&type=payment",
        Map.of("content-type", "application/json", "x-request-id", requestId,
            "x-signature", new WebhookSignature(webhookSecret).header(paymentId, requestId, ts)),
        body.encode());
  }
}
