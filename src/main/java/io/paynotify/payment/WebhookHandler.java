package io.paynotify.payment;

import io.paynotify.error.AppException;
import io.paynotify.error.ClientInput;
import io.paynotify.error.ErrorCode;
import io.paynotify.logging.BadSignatureLog;
import io.paynotify.logging.LogFields;
import io.paynotify.metrics.NodeMetrics;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /payments/webhook}: well formed (400), about a payment (else 200, ignored), signed
 * (401), stored in the inbox (503 if it cannot be), answered 200, and processing starts at once.
 * The body is never trusted: only the signed id counts. With {@code MP_ACCEPT_UNSIGNED_IPN}, a legacy
 * IPN call ({@code ?topic=payment&id=}) without a valid signature (none, or one that does not verify) is a hint that goes the same way, within
 * {@link IpnHints}' limits: a repeat within the window is answered 200 and dropped (its fetch is
 * under way), a hint over the node's total rate 429 (Mercado Pago retries it later; we fetch nothing).
 */
public final class WebhookHandler {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
  static final Pattern PAYMENT_ID = Pattern.compile("[0-9]{1,20}");
  private static final JsonObject RECEIVED = new JsonObject().put("status", "received");
  /** A source sending bad signatures gets one WARN line per this window, with a count. */
  static final long BAD_SIGNATURE_LOG_WINDOW_MILLIS = 60_000;
  private static final JsonObject IGNORED = new JsonObject().put("status", "ignored");
  private static final JsonObject REPEATED = new JsonObject().put("status", "repeated");

  private final WebhookSignature signature;
  private final Inbox inbox;
  private final PaymentProcessor processor;
  private final NodeMetrics metrics;
  private final BadSignatureLog badSignatures = new BadSignatureLog(LOG, BAD_SIGNATURE_LOG_WINDOW_MILLIS);
  private final IpnHints unsignedIpn;

  /** {@code unsignedIpn} null: unsigned IPN calls are refused (401) like any unsigned call. */
  public WebhookHandler(WebhookSignature signature, Inbox inbox, PaymentProcessor processor, NodeMetrics metrics,
                        IpnHints unsignedIpn) {
    this.signature = signature;
    this.inbox = inbox;
    this.processor = processor;
    this.metrics = metrics;
    this.unsignedIpn = unsignedIpn;
  }

  public Future<JsonObject> handle(WebhookRequest request) {
    try (LogFields fields = LogFields.of(LogFields.REQUEST_ID, request.requestId())) {
      return checked(request);
    }
  }

  private Future<JsonObject> checked(WebhookRequest request) {
    JsonObject body = request.body() == null || request.body().isBlank() ? new JsonObject()
        : ClientInput.jsonObject(request.body());
    String topic = first(request.type(), request.topic(), body.getValue("type"), body.getValue("topic"));
    if (topic == null) {
      throw AppException.badRequest("the notification names no topic");
    }
    if (topic.equals("chargebacks")) {
      return chargeback(request);
    }
    if (!topic.equals("payment")) {
      LOG.debug("ignored a '{}' notification", topic);
      return Future.succeededFuture(IGNORED);
    }
    String paymentId = request.dataId() != null ? request.dataId() : request.id();
    if (paymentId == null || !PAYMENT_ID.matcher(paymentId).matches()) {
      throw AppException.badRequest("data.id (or id) must be a Mercado Pago payment id");
    }
    if (signature.verify(request.signature(), paymentId, request.requestId())) {
      return store(paymentId, request.requestId());
    }
    // Mercado Pago's IPN calls carry an x-signature that cannot be verified: with hints on, a bad one is no signature
    if (unsignedIpn != null && request.dataId() == null && request.topic() != null) {
      return hint(paymentId, request.requestId());
    }
    try (LogFields fields = LogFields.payment(paymentId)) {
      badSignatures.rejected(request.source(), paymentId, System.currentTimeMillis());
    }
    throw AppException.unauthorized("missing or invalid x-signature");
  }

  /** A signed chargeback notification: stored like a payment's; working it fetches the chargeback's payments. */
  private Future<JsonObject> chargeback(WebhookRequest request) {
    String id = request.dataId() != null ? request.dataId() : request.id();
    if (id == null || !ChargebackKey.ID.matcher(id).matches()) {
      throw AppException.badRequest("data.id (or id) must be a Mercado Pago chargeback id");
    }
    if (!signature.verify(request.signature(), id, request.requestId())) {
      badSignatures.rejected(request.source(), id, System.currentTimeMillis());
      throw AppException.unauthorized("missing or invalid x-signature");
    }
    return store(ChargebackKey.of(id), request.requestId());
  }

  private Future<JsonObject> hint(String paymentId, String requestId) {
    return switch (unsignedIpn.offer(paymentId)) {
      case ACCEPT -> store(paymentId, requestId);
      case REPEAT -> Future.succeededFuture(REPEATED);
      case OVER_LIMIT -> {
        LOG.debug("unsigned IPN for payment {} over the rate limit", paymentId);
        yield Future.failedFuture(new AppException(ErrorCode.TOO_MANY_REQUESTS, "too many unsigned notifications"));
      }
    };
  }

  /** Stores the notification and, if storing it took the lease, works it now (else the holder will). */
  private Future<JsonObject> store(String paymentId, String requestId) {
    Timer.Sample sinceStored = metrics.notificationStored();
    return inbox.receive(paymentId)
        .recover(e -> {
          try (LogFields fields = LogFields.of(LogFields.PAYMENT_ID, paymentId, LogFields.REQUEST_ID, requestId)) {
            LOG.warn("could not store a notification for payment {}: {}", paymentId, e.toString());
          }
          return Future.failedFuture(AppException.unavailable("cannot store the notification now, retry later"));
        })
        .map(claim -> {
          claim.ifPresent(leased -> processor.process(leased, sinceStored));
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
