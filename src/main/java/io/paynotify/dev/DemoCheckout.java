package io.paynotify.dev;

import io.paynotify.config.Plan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A checkout as Mercado Pago runs one, for the demo page: the payment is created {@code pending} and
 * notified; once paynotify has fetched it, a moment later it becomes {@code approved} (or
 * {@code rejected}: "card declined") and is notified again. Every notification is signed and sent to
 * this node, exactly as Mercado Pago's would be.
 */
final class DemoCheckout {

  static final long SETTLE_MILLIS = 1500;
  private static final long POLL_MILLIS = 100;
  private static final long FETCH_WAIT_MILLIS = 10_000;

  private final Vertx vertx;
  private final MercadoPagoStandIn standIn;
  private final WebhookSender sender;
  private final int port;

  DemoCheckout(Vertx vertx, MercadoPagoStandIn standIn, WebhookSender sender, int port) {
    this.vertx = vertx;
    this.standIn = standIn;
    this.sender = sender;
    this.port = port;
  }

  /** Starts the checkout; the future completes once the pending notification was accepted. */
  Future<String> start(String userId, Plan plan, boolean declined) {
    String paymentId = FakePayments.nextId();
    standIn.put(FakePayments.payment(paymentId, userId, plan, "pending"));
    return notifyNode(paymentId).onSuccess(v -> settleLater(paymentId, userId, plan, declined)).map(paymentId);
  }

  private void settleLater(String paymentId, String userId, Plan plan, boolean declined) {
    fetched(paymentId, System.currentTimeMillis() + FETCH_WAIT_MILLIS)
        .onComplete(ar -> vertx.setTimer(SETTLE_MILLIS, t -> {
          standIn.put(FakePayments.payment(paymentId, userId, plan, declined ? "rejected" : "approved"));
          notifyNode(paymentId);
        }));
  }

  /** Completes once paynotify has fetched the pending payment (so PENDING is shown before the outcome). */
  private Future<Void> fetched(String paymentId, long deadline) {
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(0, POLL_MILLIS, id -> {
      if (standIn.served(paymentId) > 0 || System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        done.complete();
      }
    });
    return done.future();
  }

  private Future<Void> notifyNode(String paymentId) {
    return sender.send("127.0.0.1", port, paymentId).compose(resp -> resp.statusCode() == 200
        ? Future.succeededFuture() : Future.failedFuture("the node answered the webhook with " + resp.statusCode()));
  }
}
