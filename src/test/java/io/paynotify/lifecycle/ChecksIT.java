package io.paynotify.lifecycle;

import static io.paynotify.support.PaynotifyNode.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.paynotify.config.Plan;
import io.paynotify.dev.FakePayments;
import io.paynotify.payment.PaymentStore;
import io.paynotify.support.LogCapture;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Scrape;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every check of an approved payment: a failing one is stored with its reason, logged, never credited,
 * and the shopper hears {@code PAYMENT_NEEDS_REVIEW} with the reason, once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class ChecksIT {

  static final String COLLECTOR = "1165071449";
  @RegisterExtension
  static final PaynotifyNode f = PaynotifyNode.standalone("checks")
      .env("MP_COLLECTOR_ID", COLLECTOR);
  @RegisterExtension
  static final LogCapture log = LogCapture.of(PaymentStore.class);

  /**
   * Sends an approved payment altered by {@code change}, twice; asserts 200, not credited, the failure
   * stored and logged, and one {@code PAYMENT_NEEDS_REVIEW} with {@code reason}, live and stored.
   */
  static void assertNeedsReview(UnaryOperator<JsonObject> change, String failure, String reason) {
    String user = PaynotifyNode.user();
    String id = FakePayments.nextId();
    JsonObject payment = change.apply(FakePayments.payment(id, user, ADDON_3, "approved"));
    String series = "paynotify_payments_needs_review_total{reason=\"" + reason + "\"}";
    double counted = Scrape.of(f.http(), f.port()).value(series);
    try (Tab tab = Tab.open(f.vertx(), f.port(), Tokens.valid(user))) {
      tab.ready();
      f.notify(payment);
      JsonObject event = tab.awaitEvent("PAYMENT_NEEDS_REVIEW");
      assertThat(event.getLong("seq")).isEqualTo(1);
      JsonObject data = event.getJsonObject("data");
      assertThat(data.getString("paymentId")).isEqualTo(id);
      assertThat(data.getString("status")).isEqualTo("approved");
      assertThat(data.getString("reason")).isEqualTo(reason);
      assertThat(data.getString("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(data.containsKey("planType")).isTrue();
      f.awaitProcessed(id);
      f.notify(payment);
      f.awaitProcessed(id);
    }
    assertThat(f.stored(id, "check_failure")).contains(failure);
    assertThat(f.stored(id, "status")).isEqualTo("approved");
    assertThat(f.stored(id, "credits_granted")).isEqualTo("0");
    assertThat(f.db().query("SELECT outcome FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo("applied");
    assertThat(f.credits(user)).isZero();
    assertThat(f.eventCount(user)).isEqualTo(1);
    assertThat(f.db().query("SELECT type FROM events WHERE user_id = '" + user + "'")).isEqualTo("PAYMENT_NEEDS_REVIEW");
    assertThat(Scrape.of(f.http(), f.port()).value(series)).isEqualTo(counted + 1);
    List<ILoggingEvent> logged = log.events();
    assertThat(logged).anySatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains(id).contains(failure);
    });
  }

  @Test
  void anUnknownPlanIsNotCreditedAndNeedsReview() {
    assertNeedsReview(p -> p.put("metadata", p.getJsonObject("metadata").copy().put("plan_type", "addon_99")),
        "unknown plan 'addon_99'", "unknown_plan");
  }

  @Test
  void aMissingPlanIsNotCreditedAndNeedsReview() {
    assertNeedsReview(p -> p.put("metadata", new JsonObject().put("user_id", p.getString("external_reference"))),
        "unknown plan", "unknown_plan");
  }

  @Test
  void anotherCurrencyIsNotCreditedAndNeedsReview() {
    assertNeedsReview(p -> p.put("currency_id", "USD"), "currency USD", "currency_mismatch");
  }

  @Test
  void anotherAmountIsNotCreditedAndNeedsReview() {
    assertNeedsReview(p -> p.put("transaction_amount", 1499.99), "amount 1499.99", "amount_mismatch");
  }

  @Test
  void aPaymentToAnotherCollectorIsNotCreditedAndNeedsReview() {
    assertNeedsReview(p -> p.put("collector_id", 999L), "collector 999", "collector_mismatch");
  }

  @Test
  void aRejectedPaymentThatFailsACheckIsStillReportedAsRejected() {
    String user = PaynotifyNode.user();
    String id = FakePayments.nextId();
    f.notify(FakePayments.payment(id, user, ADDON_3, "rejected").put("currency_id", "USD"));
    f.awaitProcessed(id);
    assertThat(f.stored(id, "check_failure")).contains("currency USD");
    assertThat(f.eventCount(user)).isEqualTo(1);
    assertThat(f.db().query("SELECT type FROM events WHERE user_id = '" + user + "'")).isEqualTo("PAYMENT_REJECTED");
    assertThat(f.credits(user)).isZero();
  }

  @Test
  void aPaymentThatPassesEveryCheckIsCredited() {
    String user = PaynotifyNode.user();
    String id = FakePayments.nextId();
    Plan plan = new Plan("addon_3", 3, new BigDecimal("1500"), "ARS");
    f.notify(FakePayments.payment(id, user, plan, "approved"));
    f.awaitProcessed(id);
    assertThat(f.stored(id, "check_failure")).isNull();
    assertThat(f.credits(user)).isEqualTo(3);
    assertThat(f.eventCount(user)).isEqualTo(1);
  }
}
