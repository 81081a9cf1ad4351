package io.paynotify.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.payment.Grant.Phase;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The money table of CONTRACT §4 as a pure function: a state of a confirmed payment → the credits it grants. */
class GrantTest {

  static final OffsetDateTime T0 = OffsetDateTime.parse("2024-05-20T06:30:00.217-04:00");

  static MpPayment state(String status, String detail, String refunded) {
    return new MpPayment("1", status, detail, "42", "addon_3", new BigDecimal("1500"), "ARS", null, T0,
        new BigDecimal(refunded));
  }

  @Test
  void approvedGrantsThePlan() {
    assertThat(Grant.credits(3, 3, state("approved", "accredited", "0"))).isEqualTo(3);
  }

  @Test
  void aPartialRefundTakesBackItsShareRoundedUp() {
    assertThat(Grant.credits(3, 3, state("approved", "partially_refunded", "1"))).isEqualTo(2);
    assertThat(Grant.credits(3, 3, state("approved", "partially_refunded", "500"))).isEqualTo(2);
    assertThat(Grant.credits(3, 3, state("approved", "partially_refunded", "500.01"))).isEqualTo(1);
    assertThat(Grant.credits(3, 3, state("approved", "partially_refunded", "1000"))).isEqualTo(1);
    assertThat(Grant.credits(3, 3, state("approved", "partially_refunded", "1499.99"))).isZero();
    assertThat(Grant.credits(10, 10, state("approved", "partially_refunded", "450"))).isEqualTo(7);
  }

  @Test
  void refundsCancellationsAndSettledChargebacksGrantNothing() {
    assertThat(Grant.credits(3, 3, state("refunded", "refunded", "1500"))).isZero();
    assertThat(Grant.credits(3, 2, state("cancelled", "by_collector", "0"))).isZero();
    assertThat(Grant.credits(3, 3, state("charged_back", "settled", "0"))).isZero();
    assertThat(Grant.credits(3, 3, state("charged_back", "something_new", "0"))).isZero();
  }

  @Test
  void openDisputesAndReimbursedChargebacksChangeNothing() {
    assertThat(Grant.credits(3, 2, state("in_mediation", "in_mediation", "0"))).isEqualTo(2);
    assertThat(Grant.credits(3, 3, state("charged_back", "in_process", "0"))).isEqualTo(3);
    assertThat(Grant.credits(3, 3, state("charged_back", "reimbursed", "0"))).isEqualTo(3);
    assertThat(Grant.phase("charged_back", "reimbursed")).isEqualTo(Phase.KEPT);
    assertThat(Grant.phase("charged_back", "in_process")).isEqualTo(Phase.DISPUTED);
  }

  @Test
  void aConfirmedPaymentIsNeverCreditedAgain() {
    assertThat(Grant.credits(3, 0, state("approved", "accredited", "0"))).isZero();
    assertThat(Grant.credits(3, 1, state("approved", "partially_refunded", "500"))).isEqualTo(1);
  }

  @Test
  void theRemovalNeverExceedsTheCredits() {
    assertThat(Grant.removedFor(3, new BigDecimal("2000"), new BigDecimal("1500"))).isEqualTo(3);
    assertThat(Grant.removedFor(3, new BigDecimal("1"), null)).isEqualTo(3);
    assertThat(Grant.removedFor(3, BigDecimal.ZERO, new BigDecimal("1500"))).isZero();
  }
}
