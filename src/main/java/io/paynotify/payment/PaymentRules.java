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
  public static final String NEEDS_REVIEW = "PAYMENT_NEEDS_REVIEW";

  private static final Set<String> PENDING_STATUSES = Set.of("pending", "in_process", "authorized");
  private static final Set<String> REJECTED_STATUSES = Set.of("rejected", "cancelled");
  private static final Set<String> REFUNDED_STATUSES = Set.of("refunded", "charged_back");

  /** What is stored for a payment; {@code status} null when it was never applied. */
  public record Stored(String status, int creditsGranted, OffsetDateTime lastUpdated, String userId) {
    public static final Stored NONE = new Stored(null, 0, null, null);
  }

  /**
   * Why a payment may not be credited: {@code reason} is the stable code a {@code PAYMENT_NEEDS_REVIEW}
   * carries ({@code unknown_plan}, {@code amount_mismatch}, {@code currency_mismatch},
   * {@code collector_mismatch}; null when there is no user to tell), {@code detail} the text stored and logged.
   */
  public record Failure(String reason, String detail) { }

  /**
   * The outcome: {@code stale} (ignore entirely), else the event to send (or null), the credits to add
   * (negative: take back), why the payment failed a check (or null) and its reason code (or null).
   */
  public record Decision(boolean stale, String eventType, int creditDelta, String failure, String userId,
                         String reason) {
    public Decision(boolean stale, String eventType, int creditDelta, String failure, String userId) {
      this(stale, eventType, creditDelta, failure, userId, null);
    }

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

  /**
   * Checks gate crediting only. An approved payment that fails one sends {@code PAYMENT_NEEDS_REVIEW}
   * once (on its change to approved); a pending or rejected one sends its usual event (the shopper
   * must hear it either way); a payment without a user sends nothing, there is nobody to tell.
   */
  public Decision decide(Stored stored, MpPayment payment) {
    if (isStale(stored, payment)) {
      return new Decision(true, null, 0, null, stored.userId());
    }
    String userId = stored.userId() != null ? stored.userId() : payment.userId();
    Failure failure = failure(payment);
    String detail = failure == null ? null : failure.detail();
    String status = payment.status() == null ? "" : payment.status();
    if (REFUNDED_STATUSES.contains(status) && stored.creditsGranted() > 0) {
      return new Decision(false, REFUNDED, -stored.creditsGranted(), detail, userId);
    }
    if (Objects.equals(stored.status(), payment.status()) || userId == null) {
      return new Decision(false, null, 0, detail, userId);
    }
    if (status.equals("approved")) {
      return approved(stored, payment, failure, userId);
    }
    String event = PENDING_STATUSES.contains(status) ? PENDING : REJECTED_STATUSES.contains(status) ? REJECTED : null;
    return new Decision(false, event, 0, detail, userId);
  }

  private Decision approved(Stored stored, MpPayment payment, Failure failure, String userId) {
    if (stored.creditsGranted() > 0) {
      return new Decision(false, null, 0, failure == null ? null : failure.detail(), userId);
    }
    if (failure != null) {
      return new Decision(false, failure.reason() == null ? null : NEEDS_REVIEW, 0, failure.detail(), userId,
          failure.reason());
    }
    return new Decision(false, CONFIRMED, plans.get(payment.planType()).credits(), null, userId);
  }

  /** Why this payment may not be credited, or null when every check passes. */
  public String check(MpPayment payment) {
    Failure failure = failure(payment);
    return failure == null ? null : failure.detail();
  }

  /** The first check this payment fails, or null. */
  public Failure failure(MpPayment payment) {
    if (payment.userId() == null) {
      return new Failure(null, "no user: neither metadata.user_id nor external_reference is set");
    }
    Plan plan = payment.planType() == null ? null : plans.get(payment.planType());
    if (plan == null) {
      return new Failure("unknown_plan", "unknown plan '" + payment.planType() + "'");
    }
    if (!plan.currency().equals(payment.currency())) {
      return new Failure("currency_mismatch",
          "currency " + payment.currency() + " does not match plan " + plan.type() + " (" + plan.currency() + ")");
    }
    if (!plan.priceMatches(payment.amount(), payment.currency())) {
      return new Failure("amount_mismatch",
          "amount " + payment.amount() + " does not match plan " + plan.type() + " (" + plan.price() + ")");
    }
    if (collectorId.isPresent() && !collectorId.get().equals(payment.collectorId())) {
      return new Failure("collector_mismatch", "collector " + payment.collectorId() + " is not MP_COLLECTOR_ID");
    }
    return null;
  }

  private static boolean isStale(Stored stored, MpPayment payment) {
    return stored.lastUpdated() != null && payment.lastUpdated() != null
        && payment.lastUpdated().isBefore(stored.lastUpdated());
  }
}
