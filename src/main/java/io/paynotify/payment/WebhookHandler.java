package io.paynotify.payment;

import io.paynotify.error.AppException;
import io.paynotify.error.ClientInput;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /payments/webhook}: well formed (400), about a payment (else 200, ignored), signed
 * (401), stored in the inbox (503 if it cannot be), answered 200, and processing starts at once.
 * The body is never trusted: only the signed id counts.
 */
public final class WebhookHandler {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
  private static final Pattern PAYMENT_ID = Pattern.compile("[0-9]{1,20}");
  private static final JsonObject RECEIVED = new JsonObject().put("status", "received");
  private static final JsonObject IGNORED = new JsonObject().put("status", "ignored");

  private final WebhookSignature signature;
  private final Inbox inbox;
  private final PaymentProcessor processor;

  public WebhookHandler(WebhookSignature signature, Inbox inbox, PaymentProcessor processor) {
    this.signature = signature;
    this.inbox = inbox;
    this.processor = processor;
  }

  public Future<JsonObject> handle(WebhookRequest request) {
    JsonObject body = request.body() == null || request.body().isBlank() ? new JsonObject()
        : ClientInput.jsonObject(request.body());
    String topic = first(request.type(), request.topic(), body.getValue("type"), body.getValue("topic"));
    if (topic == null) {
      throw AppException.badRequest("the notification names no topic");
    }
    if (!topic.equals("payment")) {
      LOG.debug("ignored a '{}' notification", topic);
      return Future.succeededFuture(IGNORED);
    }
    String paymentId = request.dataId() != null ? request.dataId() : request.id();
    if (paymentId == null || !PAYMENT_ID.matcher(paymentId).matches()) {
      throw AppException.badRequest("data.id (or id) must be a Mercado Pago payment id");
    }
    if (!signature.verify(request.signature(), paymentId, request.requestId())) {
      LOG.warn("rejected a notification for payment {} with a missing or wrong signature", paymentId);
      throw AppException.unauthorized("missing or invalid x-signature");
    }
    return inbox.receive(paymentId)
        .recover(e -> {
          LOG.warn("could not store a notification for payment {}: {}", paymentId, e.toString());
          return Future.failedFuture(AppException.unavailable("cannot store the notification now, retry later"));
        })
        .map(stored -> {
          processor.stored(paymentId);
          return RECEIVED;
        });
  }

  private static String first(Object... candidates) {
    for (Object candidate : candidates) {
      if (candidate instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return null;
  }
}
