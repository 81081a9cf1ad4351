package io.paynotify.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static io.paynotify.support.Plans.ADDON_3;

import io.paynotify.payment.PaymentRules.Decision;
import io.paynotify.payment.PaymentRules.Stored;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaymentRulesTest {

  static final OffsetDateTime T0 = OffsetDateTime.parse("2024-05-20T06:30:00.217-04:00");
  static final PaymentRules RULES = new PaymentRules(Map.of("addon_3", ADDON_3), Optional.of("1165071449"));

  /** A payment confirmed for 3 credits, stored in {@code status} (detail "detail") and granting {@code granted}. */
  static Stored stored(String status, int granted) {
    return new Stored(status, "detail", BigDecimal.ZERO, 3, granted, T0, "42");
  }

  static MpPayment payment(String status, OffsetDateTime updated) {
    return new MpPayment("1", status, "detail", "42", "addon_3", new BigDecimal("1500"), "ARS", "1165071449", updated);
  }

  @Test
  void creditsAnApprovedPaymentOnce() {
    Decision first = RULES.decide(Stored.NONE, payment("approved", T0));
    assertThat(first.eventType()).isEqualTo(PaymentRules.CONFIRMED);
    assertThat(first.creditDelta()).isEqualTo(3);
    assertThat(first.creditsAdded()).isEqualTo(3);
    Decision again = RULES.decide(stored("approved", 3), payment("approved", T0));
    assertThat(again.eventType()).isNull();
    assertThat(again.creditDelta()).isZero();
  }

  @Test
  void sendsOneEventPerChangeOfState() {
    assertThat(RULES.decide(Stored.NONE, payment("pending", T0)).eventType()).isEqualTo(PaymentRules.PENDING);
    assertThat(RULES.decide(new Stored("pending", 0, T0, "42"), payment("pending", T0)).eventType()).isNull();
    assertThat(RULES.decide(new Stored("pending", 0, T0, "42"), payment("in_process", T0.plusSeconds(1))).eventType())
        .isEqualTo(PaymentRules.PENDING);
    assertThat(RULES.decide(new Stored("pending", 0, T0, "42"), payment("rejected", T0.plusSeconds(1))).eventType())
        .isEqualTo(PaymentRules.REJECTED);
    assertThat(RULES.decide(new Stored("pending", 0, T0, "42"), payment("cancelled", T0.plusSeconds(1))).eventType())
        .isEqualTo(PaymentRules.REJECTED);
    Decision dispute = RULES.decide(stored("approved", 3), payment("in_mediation", T0.plusSeconds(1)));
    assertThat(dispute.eventType()).isEqualTo(PaymentRules.DISPUTED);
    assertThat(dispute.creditDelta()).isZero();
  }

  @Test
  void ignoresAStateOlderThanTheStoredOne() {
    Decision stale = RULES.decide(new Stored("approved", 3, T0, "42"), payment("pending", T0.minusSeconds(5)));
    assertThat(stale.stale()).isTrue();
    assertThat(stale.eventType()).isNull();
    assertThat(stale.creditDelta()).isZero();
  }

  @Test
  void takesCreditsBackOnceOnRefundOrChargeback() {
    Decision refund = RULES.decide(new Stored("approved", 3, T0, "42"), payment("refunded", T0.plusSeconds(60)));
    assertThat(refund.eventType()).isEqualTo(PaymentRules.REFUNDED);
    assertThat(refund.creditDelta()).isEqualTo(-3);
    assertThat(refund.fields().getBoolean("partial")).isFalse();
    assertThat(refund.fields().getInteger("creditsRemoved")).isEqualTo(3);
    Decision again = RULES.decide(new Stored("refunded", 0, T0.plusSeconds(60), "42"), payment("charged_back", T0.plusSeconds(90)));
    assertThat(again.creditDelta()).isZero();
    assertThat(again.eventType()).isNull();
    Decision neverCredited = RULES.decide(new Stored("pending", 0, T0, "42"), payment("refunded", T0.plusSeconds(60)));
    assertThat(neverCredited.eventType()).isNull();
  }

  @Test
  void recordsWhyAPaymentFailsItsChecksAndNeverCreditsIt() {
    MpPayment p = payment("approved", T0);
    assertThat(RULES.check(p)).isNull();
    assertThat(RULES.check(new MpPayment("1", "approved", null, null, "addon_3", p.amount(), "ARS", p.collectorId(), T0)))
        .startsWith("no user");
    assertThat(RULES.check(new MpPayment("1", "approved", null, "42", "addon_99", p.amount(), "ARS", p.collectorId(), T0)))
        .startsWith("unknown plan");
    assertThat(RULES.check(new MpPayment("1", "approved", null, "42", "addon_3", p.amount(), "USD", p.collectorId(), T0)))
        .startsWith("currency");
    assertThat(RULES.check(new MpPayment("1", "approved", null, "42", "addon_3", new BigDecimal("1499.99"), "ARS", p.collectorId(), T0)))
        .startsWith("amount");
    assertThat(RULES.check(new MpPayment("1", "approved", null, "42", "addon_3", p.amount(), "ARS", "999", T0)))
        .startsWith("collector");
    Decision d = RULES.decide(Stored.NONE, new MpPayment("1", "approved", null, "42", "addon_3", new BigDecimal("1"), "ARS", "1165071449", T0));
    assertThat(d.creditDelta()).isZero();
    assertThat(d.failure()).startsWith("amount");
  }

  static MpPayment approvedWith(String plan, String amount, String currency, String collector) {
    return new MpPayment("1", "approved", "accredited", "42", plan, new BigDecimal(amount), currency, collector, T0);
  }

  @Test
  void anApprovedPaymentThatFailsACheckNeedsReviewWithItsReason() {
    assertThat(RULES.decide(Stored.NONE, approvedWith("addon_99", "1500", "ARS", "1165071449")))
        .isEqualTo(new Decision(false, PaymentRules.NEEDS_REVIEW, 0, "unknown plan 'addon_99'", "42", "unknown_plan"));
    assertThat(RULES.decide(Stored.NONE, approvedWith(null, "1500", "ARS", "1165071449")).reason())
        .isEqualTo("unknown_plan");
    assertThat(RULES.decide(Stored.NONE, approvedWith("addon_3", "1499.99", "ARS", "1165071449")).reason())
        .isEqualTo("amount_mismatch");
    assertThat(RULES.decide(Stored.NONE, approvedWith("addon_3", "1500", "USD", "1165071449")).reason())
        .isEqualTo("currency_mismatch");
    Decision collector = RULES.decide(new Stored("pending", 0, T0, "42"), approvedWith("addon_3", "1500", "ARS", "999"));
    assertThat(collector.eventType()).isEqualTo(PaymentRules.NEEDS_REVIEW);
    assertThat(collector.reason()).isEqualTo("collector_mismatch");
    assertThat(collector.creditDelta()).isZero();
  }

  @Test
  void aRepeatedApprovedPaymentThatFailsACheckSendsNoSecondReview() {
    Decision again = RULES.decide(new Stored("approved", 0, T0, "42"), approvedWith("addon_3", "1", "ARS", "1165071449"));
    assertThat(again.eventType()).isNull();
    assertThat(again.creditDelta()).isZero();
    assertThat(again.failure()).startsWith("amount");
  }

  @Test
  void aRejectedOrPendingPaymentThatFailsACheckStillSendsItsEvent() {
    MpPayment rejected = new MpPayment("1", "rejected", "cc_rejected_other_reason", "42", "addon_99",
        new BigDecimal("1"), "USD", "999", T0);
    Decision d = RULES.decide(Stored.NONE, rejected);
    assertThat(d.eventType()).isEqualTo(PaymentRules.REJECTED);
    assertThat(d.creditDelta()).isZero();
    assertThat(d.failure()).startsWith("unknown plan");
    MpPayment pending = new MpPayment("1", "pending", "pending_waiting_payment", "42", "addon_3",
        new BigDecimal("1"), "ARS", "1165071449", T0);
    assertThat(RULES.decide(Stored.NONE, pending).eventType()).isEqualTo(PaymentRules.PENDING);
  }

  @Test
  void aPaymentWithoutAUserSendsNothing() {
    MpPayment orphan = new MpPayment("1", "approved", "accredited", null, "addon_3", new BigDecimal("1500"), "ARS",
        "1165071449", T0);
    Decision d = RULES.decide(Stored.NONE, orphan);
    assertThat(d.eventType()).isNull();
    assertThat(d.failure()).startsWith("no user");
    assertThat(RULES.decide(Stored.NONE, new MpPayment("1", "rejected", null, null, "addon_3", null, "ARS", null, T0))
        .eventType()).isNull();
  }

  static MpPayment refunded(String status, String detail, String refunded, OffsetDateTime updated) {
    return new MpPayment("1", status, detail, "42", "addon_3", new BigDecimal("1500"), "ARS", "1165071449", updated,
        new BigDecimal(refunded));
  }

  @Test
  void aChangeOfRefundedAmountIsAChangeEvenAtTheSameTimeAndRefundsNeverShrink() {
    Stored partly = new Stored("approved", "partially_refunded", new BigDecimal("100"), 3, 2, T0, "42");
    Decision more = RULES.decide(partly, refunded("approved", "partially_refunded", "600", T0));
    assertThat(more.stale()).isFalse();
    assertThat(more.eventType()).isEqualTo(PaymentRules.REFUNDED);
    assertThat(more.creditDelta()).isEqualTo(-1); // ceil(3 × 600 / 1500) = 2 in all, 1 of them already taken back
    assertThat(more.fields().getString("refundedAmount")).isEqualTo("600");
    assertThat(RULES.decide(partly, refunded("approved", "partially_refunded", "50", T0.plusSeconds(5))).stale()).isTrue();
    assertThat(RULES.decide(partly, refunded("approved", "partially_refunded", "100", T0)).eventType()).isNull();
  }

  @Test
  void aCycleOfStatesCreditsOnceAndTakesBackOnce() {
    Decision disputed = RULES.decide(stored("approved", 3), refunded("in_mediation", "in_mediation", "0", T0.plusSeconds(1)));
    assertThat(disputed.eventType()).isEqualTo(PaymentRules.DISPUTED);
    Stored inDispute = new Stored("in_mediation", "in_mediation", BigDecimal.ZERO, 3, 3, T0.plusSeconds(1), "42");
    Decision back = RULES.decide(inDispute, refunded("approved", "accredited", "0", T0.plusSeconds(2)));
    assertThat(back.eventType()).isEqualTo(PaymentRules.DISPUTE_CLOSED);
    assertThat(back.creditDelta()).isZero();
    assertThat(back.fields().getString("outcome")).isEqualTo("kept");
    Stored settled = new Stored("charged_back", "settled", BigDecimal.ZERO, 3, 0, T0.plusSeconds(3), "42");
    Decision again = RULES.decide(settled, refunded("approved", "accredited", "0", T0.plusSeconds(4)));
    assertThat(again.creditDelta()).isZero();
    assertThat(again.eventType()).isNull();
  }
}
