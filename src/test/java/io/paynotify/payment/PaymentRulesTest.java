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

  static MpPayment payment(String status, OffsetDateTime updated) {
    return new MpPayment("1", status, "detail", "42", "addon_3", new BigDecimal("1500"), "ARS", "1165071449", updated);
  }

  @Test
  void creditsAnApprovedPaymentOnce() {
    Decision first = RULES.decide(Stored.NONE, payment("approved", T0));
    assertThat(first).isEqualTo(new Decision(false, PaymentRules.CONFIRMED, 3, null, "42"));
    Decision again = RULES.decide(new Stored("approved", 3, T0, "42"), payment("approved", T0));
    assertThat(again).isEqualTo(new Decision(false, null, 0, null, "42"));
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
    assertThat(RULES.decide(new Stored("approved", 3, T0, "42"), payment("in_mediation", T0.plusSeconds(1))))
        .isEqualTo(new Decision(false, null, 0, null, "42"));
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
    assertThat(refund).isEqualTo(new Decision(false, PaymentRules.REFUNDED, -3, null, "42"));
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
    assertThat(d.eventType()).isNull();
    assertThat(d.failure()).startsWith("amount");
  }
}
