package io.paynotify.payment;

import io.paynotify.config.Plan;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The payment state machine, free of I/O: given what is stored and what Mercado Pago says now, what
 * changes. One event per change of state (status, status detail, refunded amount); credits granted
 * once, taken back as the money goes back; a state older than the stored one changes nothing; a
 * payment that fails a check is recorded, never credited.
 */
public final class PaymentRules {

  public static final String CONFIRMED = "PAYMENT_CONFIRMED";
  public static final String PENDING = "PAYMENT_PENDING";
  public static final String REJECTED = "PAYMENT_REJECTED";
  public static final String REFUNDED = "PAYMENT_REFUNDED";
  public static final String NEEDS_REVIEW = "PAYMENT_NEEDS_REVIEW";
  public static final String DISPUTED = "PAYMENT_DISPUTED";
  public static final String DISPUTE_CLOSED = "PAYMENT_DISPUTE_CLOSED";

  /**
   * What is stored for a payment; {@code status} null when it was never applied. {@code creditsAdded}
   * is what confirming it added (0: never credited), {@code creditsGranted} what it still grants.
   */
  public record Stored(String status, String statusDetail, BigDecimal refunded, int creditsAdded,
                       int creditsGranted, OffsetDateTime lastUpdated, String userId) {
    public static final Stored NONE = new Stored(null, null, BigDecimal.ZERO, 0, 0, null, null);

    public Stored {
      refunded = refunded == null ? BigDecimal.ZERO : refunded;
    }

    /** A payment without refunds whose confirmation added what it grants now. */
    public Stored(String status, int creditsGranted, OffsetDateTime lastUpdated, String userId) {
      this(status, null, BigDecimal.ZERO, creditsGranted, creditsGranted, lastUpdated, userId);
    }
  }

  /**
   * Why a payment may not be credited: {@code reason} is the stable code a {@code PAYMENT_NEEDS_REVIEW}
   * carries ({@code unknown_plan}, {@code amount_mismatch}, {@code currency_mismatch},
   * {@code collector_mismatch}; null when there is no user to tell), {@code detail} the text stored and logged.
   */
  public record Failure(String reason, String detail) { }

  /**
   * The outcome: {@code stale} (ignore entirely), else the event to send (or null), the credits to add
   * (negative: take back), why the payment failed a check (or null), its reason code (or null), what
   * confirming the payment added (stored once, so it is never credited twice) and the event's own fields.
   */
  public record Decision(boolean stale, String eventType, int creditDelta, String failure, String userId,
                         String reason, int creditsAdded, JsonObject fields) {
    public Decision(boolean stale, String eventType, int creditDelta, String failure, String userId, String reason) {
      this(stale, eventType, creditDelta, failure, userId, reason, 0, new JsonObject());
    }

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
   * must hear it either way); a payment without a user sends nothing, there is nobody to tell. A
   * payment once credited follows the money table ({@link MoneyBack}).
   */
  public Decision decide(Stored stored, MpPayment payment) {
    if (isStale(stored, payment)) {
      return new Decision(true, null, 0, null, stored.userId());
    }
    String userId = stored.userId() != null ? stored.userId() : payment.userId();
    Failure failure = failure(payment);
    String detail = failure == null ? null : failure.detail();
    if (!changed(stored, payment) || userId == null) {
      return new Decision(false, null, 0, detail, userId);
    }
    if (stored.creditsAdded() > 0) {
      return MoneyBack.decide(stored, payment, userId, detail);
    }
    Grant.Phase phase = Grant.phase(payment);
    if (phase == Grant.Phase.APPROVED || phase == Grant.Phase.KEPT) {
      return approved(payment, failure, userId);
    }
    String event = switch (phase) {
      case PENDING -> PENDING;
      case REJECTED -> REJECTED;
      case DISPUTED -> DISPUTED;
      default -> "cancelled".equals(payment.status()) ? REJECTED : null;
    };
    return new Decision(false, event, 0, detail, userId);
  }

  /** The first credit: the plan's credits less what a refund already took back. */
  private Decision approved(MpPayment payment, Failure failure, String userId) {
    if (failure != null) {
      return new Decision(false, failure.reason() == null ? null : NEEDS_REVIEW, 0, failure.detail(), userId,
          failure.reason());
    }
    int plan = plans.get(payment.planType()).credits();
    int credits = plan - Grant.removedFor(plan, payment.refunded(), payment.amount());
    return new Decision(false, credits > 0 ? CONFIRMED : null, credits, null, userId, null, plan, new JsonObject());
  }

  /** A change of status, status detail or refunded amount; anything else is a repeat. */
  private static boolean changed(Stored stored, MpPayment payment) {
    return !Objects.equals(stored.status(), payment.status())
        || stored.statusDetail() != null && !stored.statusDetail().equals(payment.statusDetail())
        || stored.refunded().compareTo(payment.refunded()) != 0;
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

  /**
   * Older by Mercado Pago's {@code date_last_updated}; or an approved state with less refunded than
   * is stored (refunds only add up, so it is an older answer whose time did not say so).
   */
  private static boolean isStale(Stored stored, MpPayment payment) {
    boolean older = stored.lastUpdated() != null && payment.lastUpdated() != null
        && payment.lastUpdated().isBefore(stored.lastUpdated());
    return older || "approved".equals(payment.status()) && payment.refunded().compareTo(stored.refunded()) < 0;
  }
}
