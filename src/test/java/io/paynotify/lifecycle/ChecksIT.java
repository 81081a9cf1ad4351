package io.paynotify.lifecycle;

import static io.paynotify.support.Fixture.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.paynotify.config.Plan;
import io.paynotify.dev.FakePayments;
import io.paynotify.payment.PaymentStore;
import io.paynotify.support.Fixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Every check of an approved payment: a failing one is stored with its reason, logged, never credited. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class ChecksIT {

  static final String COLLECTOR = "1165071449";
  static Fixture f;
  static ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void start(Vertx vertx) {
    f = Fixture.start(vertx, "checks", Map.of("MP_COLLECTOR_ID", COLLECTOR));
    log.start();
    ((Logger) LoggerFactory.getLogger(PaymentStore.class)).addAppender(log);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(PaymentStore.class)).detachAppender(log);
    f.close();
  }

  /** Sends an approved payment altered by {@code change}; asserts 200, not credited, reason stored and logged. */
  static void assertNotCredited(UnaryOperator<JsonObject> change, String reason) {
    String user = Fixture.user();
    String id = FakePayments.nextId();
    f.notify(change.apply(FakePayments.payment(id, user, ADDON_3, "approved")));
    f.awaitProcessed(id);
    assertThat(f.stored(id, "check_failure")).contains(reason);
    assertThat(f.stored(id, "status")).isEqualTo("approved");
    assertThat(f.stored(id, "credits_granted")).isEqualTo("0");
    assertThat(f.db.query("SELECT outcome FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo("applied");
    assertThat(f.credits(user)).isZero();
    assertThat(f.eventCount(user)).isZero();
    List<ILoggingEvent> logged;
    synchronized (log) {
      logged = List.copyOf(log.list);
    }
    assertThat(logged).anySatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains(id).contains(reason);
    });
  }

  @Test
  void anUnknownPlanIsNotCredited() {
    assertNotCredited(p -> p.put("metadata", p.getJsonObject("metadata").copy().put("plan_type", "addon_99")),
        "unknown plan 'addon_99'");
  }

  @Test
  void aMissingPlanIsNotCredited() {
    assertNotCredited(p -> p.put("metadata", new JsonObject().put("user_id", p.getString("external_reference"))),
        "unknown plan");
  }

  @Test
  void anotherCurrencyIsNotCredited() {
    assertNotCredited(p -> p.put("currency_id", "USD"), "currency USD");
  }

  @Test
  void anotherAmountIsNotCredited() {
    assertNotCredited(p -> p.put("transaction_amount", 1499.99), "amount 1499.99");
  }

  @Test
  void aPaymentToAnotherCollectorIsNotCredited() {
    assertNotCredited(p -> p.put("collector_id", 999L), "collector 999");
  }

  @Test
  void aPaymentThatPassesEveryCheckIsCredited() {
    String user = Fixture.user();
    String id = FakePayments.nextId();
    Plan plan = new Plan("addon_3", 3, new BigDecimal("1500"), "ARS");
    f.notify(FakePayments.payment(id, user, plan, "approved"));
    f.awaitProcessed(id);
    assertThat(f.stored(id, "check_failure")).isNull();
    assertThat(f.credits(user)).isEqualTo(3);
    assertThat(f.eventCount(user)).isEqualTo(1);
  }
}
