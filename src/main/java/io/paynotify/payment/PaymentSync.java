package io.paynotify.payment;

import io.paynotify.error.AppException;
import io.vertx.core.Future;
import java.util.Optional;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * {@code POST /internal/payments/{id}/sync}: "look at payment X now" (the shopper is back from the
 * checkout, or a webhook never came). Exactly a webhook's path: the inbox row is stored and leased in
 * one statement and worked in one transaction, so concurrent syncs and webhooks still credit once. Answers the
 * resulting state; 404 when Mercado Pago does not know the payment; 503 when the database or
 * Mercado Pago is unavailable (the row stays due and the inbox retry finishes it).
 */
final class PaymentSync {

  /** How long to wait for another worker that holds the payment's row. */
  static final Duration WAIT_FOR_HOLDER = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 100;

  private final Vertx vertx;
  private final Inbox inbox;
  private final PaymentProcessor processor;
  private final PaymentQueries queries;

  PaymentSync(Vertx vertx, Inbox inbox, PaymentProcessor processor, PaymentQueries queries) {
    this.vertx = vertx;
    this.inbox = inbox;
    this.processor = processor;
    this.queries = queries;
  }

  Future<JsonObject> sync(String paymentId) {
    if (paymentId == null || !WebhookHandler.PAYMENT_ID.matcher(paymentId).matches()) {
      return Future.failedFuture(AppException.badRequest("the payment id must be a Mercado Pago payment id"));
    }
    return inbox.receive(paymentId)
        .recover(e -> Future.failedFuture(AppException.unavailable("cannot store the request now, retry later")))
        .compose(this::work)
        .recover(PaymentSync::translate)
        .compose(applied -> applied ? Future.succeededFuture() : awaitHolder(paymentId))
        .compose(done -> queries.payment(paymentId))
        .recover(e -> Future.failedFuture(e instanceof AppException ? e : unavailable()))
        .map(state -> state.orElseThrow(() -> AppException.notFound("Mercado Pago does not know this payment")));
  }

  /** True once applied here; false when another worker holds the row (it will apply our notification). */
  private Future<Boolean> work(Optional<Inbox.Claim> claim) {
    return claim.map(leased -> processor.process(leased, null).map(true)).orElse(Future.succeededFuture(false));
  }

  private static Future<Boolean> translate(Throwable e) {
    if (e instanceof AppException) {
      return Future.failedFuture(e);
    }
    if (e instanceof GatewayException g && g.kind() == GatewayException.Kind.NOT_FOUND) {
      return Future.failedFuture(AppException.notFound("Mercado Pago does not know this payment"));
    }
    return Future.failedFuture(unavailable());
  }

  private static AppException unavailable() {
    return AppException.unavailable("cannot sync the payment now; it stays due and is retried");
  }

  /** Another worker holds the row: wait until it has finished it (it works our notification too). */
  private Future<Void> awaitHolder(String paymentId) {
    Promise<Void> done = Promise.promise();
    poll(paymentId, System.nanoTime() + WAIT_FOR_HOLDER.toNanos(), done);
    return done.future();
  }

  private void poll(String paymentId, long deadline, Promise<Void> done) {
    inbox.finished(paymentId).onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        done.complete();
      } else if (System.nanoTime() > deadline) {
        done.fail(unavailable());
      } else {
        vertx.setTimer(POLL_MILLIS, t -> poll(paymentId, deadline, done));
      }
    });
  }
}
