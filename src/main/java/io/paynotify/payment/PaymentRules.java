package io.paynotify.payment;

import io.paynotify.config.Plan;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The payment state machine, free of I/O: given what is stored and what Mercado Pago says now, what
 * changes. One event per change of status; credits granted once, taken back once; a state older
 * than the stored one changes nothing; a payment that fails a check is recorded, never credited.
 */
public final class PaymentRules {

  public static final String CONFIRMED = "PAYMENT_CONFIRMED";
  public static final String PENDING = "PAYMENT_PENDING";
  public static final String REJECTED = "PAYMENT_REJECTED";
  public static final String REFUNDED = "PAYMENT_REFUNDED";

  private static final Set<String> PENDING_STATUSES = Set.of("pending", "in_process", "authorized");
  private static final Set<String> REJECTED_STATUSES = Set.of("rejected", "cancelled");
  private static final Set<String> REFUNDED_STATUSES = Set.of("refunded", "charged_back");

  /** What is stored for a payment; {@code status} null when it was never applied. */
  public record Stored(String status, int creditsGranted, OffsetDateTime lastUpdated, String userId) {
    public static final Stored NONE = new Stored(null, 0, null, null);
  }

  /**
   * The outcome: {@code stale} (ignore entirely), else the status to store, the event to send (or
   * null), the credits to add (negative: take back) and why the payment failed a check (or null).
   */
  public record Decision(boolean stale, String eventType, int creditDelta, String failure, String userId) {
    public boolean changesBalance() {
      return creditDelta != 0;
    }
  }

  private final Map<String, Plan> plans;
  private final Optional<String> collectorId;

  public PaymentRules(Map<String, Plan> plans, Optional<String> collectorId) {
    this.plans = plans;
    this.collectorId = collectorId;
  }

  public Decision decide(Stored stored, MpPayment payment) {
    if (isStale(stored, payment)) {
      return new Decision(true, null, 0, null, stored.userId());
    }
    String userId = stored.userId() != null ? stored.userId() : payment.userId();
    String failure = check(payment);
    boolean changed = !Objects.equals(stored.status(), payment.status());
    String status = payment.status() == null ? "" : payment.status();
    if (REFUNDED_STATUSES.contains(status) && stored.creditsGranted() > 0) {
      return new Decision(false, REFUNDED, -stored.creditsGranted(), failure, userId);
    }
    if (!changed || failure != null) {
      return new Decision(false, null, 0, failure, userId);
    }
    if (status.equals("approved")) {
      int credits = stored.creditsGranted() > 0 ? 0 : plans.get(payment.planType()).credits();
      return new Decision(false, credits > 0 ? CONFIRMED : null, credits, null, userId);
    }
    if (PENDING_STATUSES.contains(status)) {
      return new Decision(false, PENDING, 0, null, userId);
    }
    if (REJECTED_STATUSES.contains(status)) {
      return new Decision(false, REJECTED, 0, null, userId);
    }
    return new Decision(false, null, 0, null, userId);
  }

  /** Why this payment may not be credited, or null when every check passes. */
  public String check(MpPayment payment) {
    if (payment.userId() == null) {
      return "no user: neither metadata.user_id nor external_reference is set";
    }
    Plan plan = payment.planType() == null ? null : plans.get(payment.planType());
    if (plan == null) {
      return "unknown plan '" + payment.planType() + "'";
    }
    if (!plan.currency().equals(payment.currency())) {
      return "currency " + payment.currency() + " does not match plan " + plan.type() + " (" + plan.currency() + ")";
    }
    if (!plan.priceMatches(payment.amount(), payment.currency())) {
      return "amount " + payment.amount() + " does not match plan " + plan.type() + " (" + plan.price() + ")";
    }
    if (collectorId.isPresent() && !collectorId.get().equals(payment.collectorId())) {
      return "collector " + payment.collectorId() + " is not MP_COLLECTOR_ID";
    }
    return null;
  }

  private static boolean isStale(Stored stored, MpPayment payment) {
    return stored.lastUpdated() != null && payment.lastUpdated() != null
        && payment.lastUpdated().isBefore(stored.lastUpdated());
  }
}
