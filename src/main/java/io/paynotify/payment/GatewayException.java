package io.paynotify.payment;

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

  public GatewayException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
