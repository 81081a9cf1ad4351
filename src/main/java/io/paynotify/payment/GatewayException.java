package io.paynotify.payment;

import java.time.Duration;
import java.util.Optional;

/** Mercado Pago did not give us the payment; {@link Kind} says whether retrying can help. */
public final class GatewayException extends RuntimeException {

  /** Why the fetch failed. */
  public enum Kind {
    /** 404: may be a notification that outran the payment; retried a few times, then given up. */
    NOT_FOUND,
    /** 401 / 403: the access token is wrong; retrying cannot help. */
    REFUSED,
    /** 429, 5xx, timeouts, connection errors, unreadable answers: retried with back-off. */
    TRANSIENT
  }

  private final Kind kind;
  private final Duration retryAfter;

  public GatewayException(Kind kind, String message) {
    this(kind, message, null);
  }

  /** {@code retryAfter}: what Mercado Pago's {@code Retry-After} asked for (429 / 503), or null. */
  public GatewayException(Kind kind, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** The earliest time to try again that Mercado Pago asked for, if it did. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
