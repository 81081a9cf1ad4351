package io.paynotify.payment;

/**
 * What the HTTP edge hands the PaymentVerticle of its node for a {@code POST /payments/webhook}: the
 * query parameters that matter, the two signed headers, the raw body and the sender's address (for
 * the log). Travels as it is, on this node only.
 */
public record WebhookRequest(String dataId, String type, String topic, String id, String signature,
                             String requestId, String body, String source) { }
