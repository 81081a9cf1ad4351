package io.paynotify.payment;

import java.time.Duration;

/**
 * How long a payment that Mercado Pago answers 404 for is retried before it is given up: a payment
 * not visible yet (the notification outran it) or a test/production token mix-up that someone fixes.
 * Mercado Pago does not resend a notification it got 200 for, so giving up early loses the payment.
 * Counted on the back-off alone (its delays without jitter): the time actually waited is never less.
 */
final class NotFoundPatience {

  private final Duration patience;
  private final long maxBackoffMillis;

  NotFoundPatience(Duration patience, Duration maxBackoff) {
    this.patience = patience;
    this.maxBackoffMillis = maxBackoff.toMillis();
  }

  /** True once the retries after {@code attempts} failed attempts have waited at least the patience. */
  boolean exhausted(int attempts) {
    long waited = 0;
    long goal = patience.toMillis();
    for (int i = 1; i < attempts && waited < goal; i++) {
      waited += Math.min(1000L << Math.min(i - 1, 20), maxBackoffMillis);
    }
    return waited >= goal;
  }
}
