package io.paynotify.soak;

import io.paynotify.config.Plan;
import io.paynotify.dev.FakePayments;
import io.paynotify.support.MercadoPagoDouble;
import io.paynotify.support.Delivery;
import io.paynotify.support.Http;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The soak's steady stream of payments, on one thread: approved payments for random users, some
 * notified twice (Mercado Pago sends duplicates), some refunded later, each webhook sent to a random
 * node and retried until accepted. Keeps the ledger the end of the soak checks: the credits and the
 * number of events each user must have.
 */
final class PaymentStream {

  private static final double DUPLICATE_SHARE = 0.2;
  private static final double REFUND_SHARE = 0.1;
  private static final int MAX_PAYMENTS = 200_000;

  private final Http http = new Http();
  private final MercadoPagoDouble mp;
  private final Plan plan;
  private final List<String> users;
  private final IntSupplier randomPort;
  private final Random random = new Random(7);
  /** Approved payments not refunded yet, oldest first: {id, user, nanoTime of approval}. */
  private final List<String[]> refundable = new ArrayList<>();
  final Map<String, AtomicLong> credits = new ConcurrentHashMap<>();
  final Map<String, AtomicLong> events = new ConcurrentHashMap<>();
  final AtomicLong payments = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong refunds = new AtomicLong();
  final AtomicLong webhookRetries = new AtomicLong();

  PaymentStream(MercadoPagoDouble mp, Plan plan, List<String> users, IntSupplier randomPort) {
    this.mp = mp;
    this.plan = plan;
    this.users = users;
    this.randomPort = randomPort;
    users.forEach(u -> {
      credits.put(u, new AtomicLong());
      events.put(u, new AtomicLong());
    });
  }

  /** Sends payments at {@code perSecond} until {@code deadlineNanos} (and at most {@link #MAX_PAYMENTS}). */
  void run(long deadlineNanos, int perSecond) {
    long gapNanos = 1_000_000_000L / perSecond;
    long next = System.nanoTime();
    while (System.nanoTime() < deadlineNanos && payments.get() < MAX_PAYMENTS) {
      int settled = settled();
      if (settled > 0 && random.nextDouble() < REFUND_SHARE) {
        refund(settled);
      } else {
        pay();
      }
      next += gapNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        pause(wait / 1_000_000);
      }
    }
  }

  private void pay() {
    String user = users.get(random.nextInt(users.size()));
    String id = FakePayments.nextId();
    mp.put(FakePayments.payment(id, user, plan, "approved"));
    send(id);
    payments.incrementAndGet();
    credits.get(user).addAndGet(plan.credits());
    events.get(user).incrementAndGet();
    refundable.add(new String[] {id, user, String.valueOf(System.nanoTime())});
    if (random.nextDouble() < DUPLICATE_SHARE) {
      send(id);
      duplicates.incrementAndGet();
    }
  }

  /** How many of the oldest refundable payments were approved over 5 s ago (surely applied by now). */
  private int settled() {
    long cutoff = System.nanoTime() - 5_000_000_000L;
    int n = 0;
    while (n < refundable.size() && Long.parseLong(refundable.get(n)[2]) < cutoff) {
      n++;
    }
    return n;
  }

  private void refund(int settled) {
    String[] payment = refundable.remove(random.nextInt(settled));
    mp.put(FakePayments.payment(payment[0], payment[1], plan, "refunded"));
    send(payment[0]);
    refunds.incrementAndGet();
    credits.get(payment[1]).addAndGet(-plan.credits());
    events.get(payment[1]).incrementAndGet();
  }

  private void send(String id) {
    int attempts = Delivery.webhookUntilAccepted(http, randomPort, id, Duration.ofSeconds(60));
    webhookRetries.addAndGet(attempts - 1);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
