package io.paynotify.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency (paced open loop, webhook on one node, tabs on the other, next to the idle sockets) and
 * throughput (closed loop of concurrent senders over both nodes, end to end).
 */
final class PaymentPhases {

  private final Vertx vertx;
  private final Payments payments;
  private final List<String> tabUsers;

  PaymentPhases(Vertx vertx, Payments payments, List<String> tabUsers) {
    this.vertx = vertx;
    this.payments = payments;
    this.tabUsers = tabUsers;
  }

  /** Paced payments at {@code rate}/s for {@code seconds} to {@code webhookPort}; percentiles webhook sent -> event on the tab. */
  JsonObject latency(double rate, double seconds, int webhookPort) {
    payments.reset();
    AtomicInteger next = new AtomicInteger();
    int sent = PacedLoad.run(vertx, rate, seconds, start -> payments.pay(user(next.getAndIncrement()), webhookPort, start))
        .await();
    boolean all = payments.awaitDelivered(sent - payments.refused(), 60);
    Samples d = payments.delivered();
    JsonObject run = new JsonObject().put("paymentsPerSecond", rate).put("payments", sent).put("delivered", d.size())
        .put("refused", payments.refused()).put("p50Ms", round(d.percentileMs(50))).put("p99Ms", round(d.percentileMs(99)))
        .put("p999Ms", round(d.percentileMs(99.9))).put("maxMs", round(d.percentileMs(100)))
        .put("webhookAnswerP99Ms", round(payments.answers().percentileMs(99)));
    System.out.printf("latency at %.0f/s: %d sent, %d delivered%s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
        rate, sent, d.size(), all ? "" : " (NOT ALL)", d.percentileMs(50), d.percentileMs(99), d.percentileMs(99.9),
        d.percentileMs(100));
    return run;
  }

  /**
   * {@code concurrency} senders, each sending its next webhook when the last was answered, for
   * {@code seconds}, alternating the nodes; the rate is delivered events over first send to last
   * delivery (the backlog accepted but not yet credited is waited for).
   */
  JsonObject throughput(int concurrency, double seconds, List<Integer> ports) {
    payments.reset();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      int port = ports.get(i % ports.size());
      loops.add(loop(port, end, accepted, next));
    }
    Future.join(loops).await();
    long sentEnd = System.nanoTime();
    payments.awaitDelivered(accepted.get(), 120);
    Samples d = payments.delivered();
    double rate = d.size() / ((payments.lastArrivalNanos() - start) / 1e9);
    double acceptRate = accepted.get() / ((sentEnd - start) / 1e9);
    System.out.printf("throughput: %d concurrent senders: %,d webhooks accepted at %.0f/s (answer p99 %.1f ms), "
            + "%,d delivered: %.0f payments/s end to end%n", concurrency, accepted.get(), acceptRate,
        payments.answers().percentileMs(99), d.size(), rate);
    return new JsonObject().put("paymentsPerSecond", Math.round(rate)).put("webhookAnswerP99Ms", round(payments.answers().percentileMs(99)))
        .put("acceptedPerSecond", Math.round(acceptRate)).put("accepted", accepted.get()).put("delivered", d.size())
        .put("concurrency", concurrency).put("deliveryP99Ms", round(d.percentileMs(99)));
  }

  private Future<Void> loop(int port, long end, AtomicInteger accepted, AtomicInteger next) {
    if (System.nanoTime() >= end) {
      return Future.succeededFuture();
    }
    return payments.pay(user(next.getAndIncrement()), port, System.nanoTime())
        .onSuccess(id -> accepted.incrementAndGet())
        .transform(ar -> loop(port, end, accepted, next));
  }

  private String user(int i) {
    return tabUsers.get(i % tabUsers.size());
  }

  static double round(double ms) {
    return Math.round(ms * 10) / 10.0;
  }
}
