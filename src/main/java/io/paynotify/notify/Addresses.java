package io.paynotify.notify;

/** Every event-bus address of paynotify. */
public final class Addresses {

  /** Clustered: every node consumes it once and hands each event to its local sockets. */
  public static final String RELAY = "paynotify.relay";

  /** Local: the HTTP edge hands a webhook request to the PaymentVerticle of its node. */
  public static final String PAYMENT_WEBHOOK = "paynotify.payment.webhook";

  /** Local: the HTTP edge hands a {@code POST /internal/payments/{id}/sync} to the PaymentVerticle of its node. */
  public static final String PAYMENT_SYNC = "paynotify.payment.sync";

  /** Local: published by {@link MembershipSignal} when a node joins or leaves the cluster. */
  public static final String MEMBERSHIP_CHANGED = "paynotify.cluster.membership.changed";

  private static final String USER_PREFIX = "notify.user.";

  private Addresses() {
  }

  /** Local: the sockets of one user on this node. */
  public static String user(String userId) {
    return USER_PREFIX + userId;
  }
}
