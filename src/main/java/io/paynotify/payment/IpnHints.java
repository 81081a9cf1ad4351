package io.paynotify.payment;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rate limits for unsigned IPN calls, which anyone can send: at most one accepted hint per payment id
 * per window, and a token bucket for all of them, so that nobody can make this node hammer Mercado
 * Pago's API with our token. Only accepted ids are remembered, so memory stays bounded by the bucket
 * (its burst plus its rate times the window). Confined to the PaymentVerticle's context.
 */
final class IpnHints {

  /** What to do with a hint. */
  enum Verdict {
    /** Fetch the payment (stored in the inbox like a signed notification). */
    ACCEPT,
    /** The same payment was accepted within the window: its fetch is under way; nothing to do. */
    REPEAT,
    /** Too many hints on this node right now. */
    OVER_LIMIT
  }

  static final int PER_SECOND = 20;
  static final Duration PER_ID_WINDOW = Duration.ofSeconds(10);

  private final Bucket bucket;
  private final TimeMeter clock;
  private final long windowNanos;
  private final Map<String, Long> accepted = new LinkedHashMap<>();

  IpnHints(int perSecond, Duration perIdWindow, TimeMeter clock) {
    this.clock = clock;
    this.windowNanos = perIdWindow.toNanos();
    this.bucket = Bucket.builder()
        .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
        .withCustomTimePrecision(clock)
        .build();
  }

  IpnHints() {
    this(PER_SECOND, PER_ID_WINDOW, TimeMeter.SYSTEM_NANOTIME);
  }

  Verdict offer(String paymentId) {
    long now = clock.currentTimeNanos();
    forgetOlderThan(now - windowNanos);
    if (accepted.containsKey(paymentId)) {
      return Verdict.REPEAT;
    }
    if (!bucket.tryConsume(1)) {
      return Verdict.OVER_LIMIT;
    }
    accepted.put(paymentId, now);
    return Verdict.ACCEPT;
  }

  /** Ids accepted within the window (for tests: the memory this costs). */
  int remembered() {
    return accepted.size();
  }

  private void forgetOlderThan(long cutoff) {
    Iterator<Long> times = accepted.values().iterator();
    while (times.hasNext() && times.next() - cutoff <= 0) {
      times.remove();
    }
  }
}
