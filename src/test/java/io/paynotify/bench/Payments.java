package io.paynotify.bench;

import io.paynotify.config.Plan;
import io.paynotify.dev.FakePayments;
import io.paynotify.support.MercadoPagoDouble;
import io.paynotify.dev.WebhookSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The payment driver: puts an approved payment in the Mercado Pago stand-in, sends its signed webhook
 * to a node, and times it until its {@code PAYMENT_CONFIRMED} reaches a tab ({@link #arrived}).
 */
final class Payments {

  static final Plan PLAN = new Plan("addon_3", 3, new BigDecimal("1500.00"), "ARS");

  private final MercadoPagoDouble mp;
  private final WebhookSender sender;
  private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong lastArrival = new AtomicLong();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile Samples delivered = new Samples();
  private volatile Samples answers = new Samples();

  Payments(Vertx vertx, MercadoPagoDouble mp, String webhookSecret) {
    this.mp = mp;
    this.sender = new WebhookSender(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1)), webhookSecret);
  }

  /** Starts a new measurement: fresh latency and answer samples. */
  void reset() {
    delivered = new Samples();
    answers = new Samples();
    refused.set(0);
  }

  /**
   * One payment for {@code userId} through the webhook of the node on {@code port}, timed from
   * {@code startNanos}; the future holds the payment id once the webhook is answered 200.
   */
  Future<String> pay(String userId, int port, long startNanos) {
    String id = FakePayments.nextId();
    mp.put(FakePayments.payment(id, userId, PLAN, "approved"));
    inFlight.put(id, startNanos);
    Samples answerSamples = answers;
    return sender.send("127.0.0.1", port, id).compose(response -> {
      answerSamples.add(System.nanoTime() - startNanos);
      if (response.statusCode() != 200) {
        inFlight.remove(id);
        refused.incrementAndGet();
        return Future.failedFuture("webhook answered " + response.statusCode());
      }
      return Future.succeededFuture(id);
    });
  }

  /** A tab received the event of {@code paymentId}. */
  void arrived(String paymentId) {
    long now = System.nanoTime();
    Long start = inFlight.remove(paymentId);
    if (start != null) {
      delivered.add(now - start);
      lastArrival.accumulateAndGet(now, Math::max);
    }
  }

  Samples delivered() {
    return delivered;
  }

  Samples answers() {
    return answers;
  }

  int refused() {
    return refused.get();
  }

  long lastArrivalNanos() {
    return lastArrival.get();
  }

  int fetches() {
    return mp.fetches();
  }

  /** Waits until {@code count} payments of the current measurement have reached their tab, at most {@code seconds}. */
  boolean awaitDelivered(int count, int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (delivered.size() < count && System.nanoTime() < deadline) {
      Pause.millis(20);
    }
    return delivered.size() >= count;
  }
}
