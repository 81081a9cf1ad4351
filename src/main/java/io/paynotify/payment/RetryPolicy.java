package io.paynotify.payment;

import io.paynotify.config.AppConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * What to do after a failed attempt at a payment: give up (the failure is permanent) or try again
 * after a delay. Pure: the attempt count and the failure decide, plus the jitter it is given. The one
 * place for the rules about which failures are worth retrying and for how long.
 */
public final class RetryPolicy {

  /**
   * The outcome: {@code giveUp}, or try again after {@code delay}; {@code reason} goes on the row;
   * {@code givenUpAs} is the label of {@code paynotify_inbox_given_up_total} when given up.
   */
  public record Decision(boolean giveUp, Duration delay, String reason, String givenUpAs) {
    public Decision(boolean giveUp, Duration delay, String reason) {
      this(giveUp, delay, reason, null);
    }
  }

  private final Duration maxBackoff;
  private final NotFoundPatience notFoundPatience;
  private final LongUnaryOperator jitter;

  /** {@code jitter} maps a bound to a value in {@code [0, bound]}. */
  public RetryPolicy(AppConfig.Inbox config, LongUnaryOperator jitter) {
    this.maxBackoff = config.maxBackoff();
    this.notFoundPatience = new NotFoundPatience(config.notFoundPatience(), config.maxBackoff());
    this.jitter = jitter;
  }

  /** With random jitter, so that rows that failed together are not retried together. */
  public RetryPolicy(AppConfig.Inbox config) {
    this(config, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /**
   * After attempt number {@code attempts} failed with {@code failure}: 401/403 and a 404 that persists
   * for {@code INBOX_NOT_FOUND_PATIENCE_SECONDS} (of back-off) are permanent; everything else is retried.
   */
  public Decision decide(int attempts, Throwable failure) {
    GatewayException.Kind kind = failure instanceof GatewayException g ? g.kind() : GatewayException.Kind.TRANSIENT;
    String reason = failure instanceof GatewayException ? failure.getMessage()
        : "processing failed: " + failure.getClass().getSimpleName();
    boolean permanent = kind == GatewayException.Kind.REFUSED
        || kind == GatewayException.Kind.NOT_FOUND && notFoundPatience.exhausted(attempts);
    if (permanent) {
      return new Decision(true, Duration.ZERO, reason, kind == GatewayException.Kind.REFUSED ? "refused" : "not_found");
    }
    Duration asked = failure instanceof GatewayException g ? g.retryAfter().orElse(Duration.ZERO) : Duration.ZERO;
    return new Decision(false, retryDelay(attempts, asked), reason);
  }

  /**
   * The back-off, but no earlier than Mercado Pago's {@code Retry-After} (429 / 503), which is itself
   * capped by {@code INBOX_MAX_BACKOFF_SECONDS}.
   */
  Duration retryDelay(int attempts, Duration retryAfter) {
    Duration asked = retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
    Duration backoff = backoff(attempts);
    return asked.compareTo(backoff) > 0 ? asked : backoff;
  }

  /** Doubling from one second up to the configured cap, with up to a fifth more as jitter. */
  Duration backoff(int attempts) {
    long base = 1000L << Math.min(Math.max(attempts - 1, 0), 20);
    long capped = Math.min(base, maxBackoff.toMillis());
    return Duration.ofMillis(capped + jitter.applyAsLong(capped / 5));
  }
}
