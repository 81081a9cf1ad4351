package io.paynotify.payment;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a Mercado Pago state means for the credits of a payment (CONTRACT §4, "Money coming back"),
 * free of I/O. A state falls in one {@link Phase}; the credits a confirmed payment still grants are a
 * function of that phase and the refunded amount, and only ever go down once it was credited.
 */
public final class Grant {

  /** What a state is, as far as credits go. */
  public enum Phase {
    /** {@code pending}, {@code in_process}, {@code authorized}: nothing decided yet. */
    PENDING,
    /** {@code rejected}, or {@code cancelled} before it was ever approved. */
    REJECTED,
    /** {@code approved}, with or without a partial refund. */
    APPROVED,
    /** {@code in_mediation}, {@code charged_back}/{@code in_process}: a dispute is open, nothing changes. */
    DISPUTED,
    /** {@code charged_back}/{@code reimbursed}: the dispute ended in the shop's favour. */
    KEPT,
    /** {@code refunded}, {@code cancelled}, {@code charged_back}/{@code settled} (or another detail): the money went back. */
    GONE
  }

  private Grant() {
  }

  /** The phase of a status and its detail; an unknown status counts as nothing decided. */
  public static Phase phase(String status, String detail) {
    if (status == null) {
      return Phase.PENDING;
    }
    return switch (status) {
      case "approved" -> Phase.APPROVED;
      case "rejected" -> Phase.REJECTED;
      case "in_mediation" -> Phase.DISPUTED;
      case "refunded", "cancelled" -> Phase.GONE;
      case "charged_back" -> chargeback(detail);
      default -> Phase.PENDING;
    };
  }

  /** A chargeback whose detail is unknown is taken as settled: the money is gone until Mercado Pago says otherwise. */
  private static Phase chargeback(String detail) {
    if ("in_process".equals(detail)) {
      return Phase.DISPUTED;
    }
    return "reimbursed".equals(detail) ? Phase.KEPT : Phase.GONE;
  }

  public static Phase phase(MpPayment payment) {
    return phase(payment.status(), payment.statusDetail());
  }

  /**
   * The credits that a payment confirmed for {@code planCredits}, which grants {@code granted} now,
   * grants in this state: never more than it grants now (a payment is credited once, whatever cycle
   * of states follows), less by a refund, nothing once the money went back.
   */
  public static int credits(int planCredits, int granted, MpPayment payment) {
    int target = switch (phase(payment)) {
      case APPROVED -> planCredits - removedFor(planCredits, payment.refunded(), payment.amount());
      case GONE -> 0;
      default -> granted;
    };
    return Math.max(0, Math.min(granted, target));
  }

  /**
   * The credits a refund of {@code refunded} of {@code amount} takes back: {@code ceil(credits × r / a)},
   * rounded up so that the shop never gives more than it was paid for, at most all of them.
   */
  public static int removedFor(int credits, BigDecimal refunded, BigDecimal amount) {
    if (refunded == null || refunded.signum() <= 0) {
      return 0;
    }
    if (amount == null || amount.signum() <= 0 || refunded.compareTo(amount) >= 0) {
      return credits;
    }
    return BigDecimal.valueOf(credits).multiply(refunded).divide(amount, 0, RoundingMode.CEILING).intValueExact();
  }
}
