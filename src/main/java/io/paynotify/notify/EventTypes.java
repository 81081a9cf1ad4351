package io.paynotify.notify;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The event types a node stores and pushes, and the user ids it stores them for: the payment events
 * of the contract, and the types the shop's backend may give to {@code POST /internal/notify}
 * (upper case, not {@code PAYMENT_*} nor {@code CREDITS_CHANGED}, never a frame type of the socket protocol itself).
 */
public final class EventTypes {

  /** The payment events (docs/payments.md, "States and events"). */
  public static final Set<String> PAYMENT = Set.of("PAYMENT_CONFIRMED", "PAYMENT_PENDING", "PAYMENT_REJECTED",
      "PAYMENT_REFUNDED", "PAYMENT_NEEDS_REVIEW", "PAYMENT_DISPUTED", "PAYMENT_DISPUTE_CLOSED");
  /** The shop's backend changed a balance through the credits API; only paynotify stores it. */
  public static final String CREDITS_CHANGED = "CREDITS_CHANGED";
  /** User ids are a token's {@code sub}: a non-blank string of at most this many characters. */
  public static final int MAX_USER_ID = 128;

  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
  /** Frame types of the socket protocol itself: an event of such a type would confuse clients. */
  private static final Set<String> PROTOCOL = Set.of("READY", "PING", "PONG");

  private EventTypes() {
  }

  /** A type the shop's backend may send through the internal API. */
  public static boolean isInternal(String type) {
    return type != null && NAME.matcher(type).matches() && !type.startsWith("PAYMENT_") && !PROTOCOL.contains(type)
        && !CREDITS_CHANGED.equals(type);
  }

  /** A type a node can have stored: a payment event or an internal one. */
  public static boolean isStorable(String type) {
    return PAYMENT.contains(type) || CREDITS_CHANGED.equals(type) || isInternal(type);
  }

  /** An id paynotify would store events for. */
  public static boolean isUserId(String userId) {
    return userId != null && !userId.isBlank() && userId.length() <= MAX_USER_ID;
  }
}
