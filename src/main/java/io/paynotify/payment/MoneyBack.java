package io.paynotify.payment;

import io.paynotify.payment.Grant.Phase;
import io.paynotify.payment.PaymentRules.Decision;
import io.paynotify.payment.PaymentRules.Stored;
import io.vertx.core.json.JsonObject;

/**
 * The changes of a payment that was credited (CONTRACT §4, "Money coming back"): the credits move from
 * what it grants to what its new state grants ({@link Grant}, never up again), and the event says why:
 * a refund ({@code PAYMENT_REFUNDED}, partial or not), a dispute opened ({@code PAYMENT_DISPUTED}) or
 * closed in the shop's favour ({@code PAYMENT_DISPUTE_CLOSED}, {@code outcome: "kept"}).
 */
final class MoneyBack {

  private MoneyBack() {
  }

  static Decision decide(Stored stored, MpPayment payment, String userId, String failure) {
    int target = Grant.credits(stored.creditsAdded(), stored.creditsGranted(), payment);
    int delta = target - stored.creditsGranted();
    Phase now = Grant.phase(payment);
    Phase before = Grant.phase(stored.status(), stored.statusDetail());
    String event = event(now, before, delta, stored, payment);
    JsonObject fields = new JsonObject();
    if (PaymentRules.REFUNDED.equals(event)) {
      fields.put("partial", now == Phase.APPROVED)
          .put("refundedAmount", payment.refunded().toPlainString())
          .put("creditsRemoved", -delta);
    } else if (PaymentRules.DISPUTE_CLOSED.equals(event)) {
      fields.put("outcome", "kept");
    }
    return new Decision(false, event, delta, failure, userId, null, stored.creditsAdded(), fields);
  }

  private static String event(Phase now, Phase before, int delta, Stored stored, MpPayment payment) {
    return switch (now) {
      case GONE -> PaymentRules.REFUNDED;
      case DISPUTED -> PaymentRules.DISPUTED;
      case KEPT -> PaymentRules.DISPUTE_CLOSED;
      case APPROVED -> approved(before, delta, stored, payment);
      case PENDING -> PaymentRules.PENDING;
      case REJECTED -> PaymentRules.REJECTED;
    };
  }

  /** Back to approved after a dispute, or a (further) partial refund; a change of detail alone says nothing. */
  private static String approved(Phase before, int delta, Stored stored, MpPayment payment) {
    if (delta < 0 || payment.refunded().compareTo(stored.refunded()) != 0) {
      return PaymentRules.REFUNDED;
    }
    return before == Phase.DISPUTED ? PaymentRules.DISPUTE_CLOSED : null;
  }
}
