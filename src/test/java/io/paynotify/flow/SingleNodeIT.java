package io.paynotify.flow;

import static io.paynotify.support.Plans.ADDON_3;
import static io.paynotify.support.Plans.ADDON_5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.config.Plan;
import io.paynotify.dev.FakePayments;
import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The main flow on one node: READY, a signed webhook, exactly one PAYMENT_CONFIRMED, the balance. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SingleNodeIT {

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("single");

  static String user() {
    return "u-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String pay(String userId, Plan plan) {
    String id = FakePayments.nextId();
    fx.mp().put(FakePayments.payment(id, userId, plan, "approved"));
    assertThat(fx.http().webhook(fx.port(), id)).isEqualTo(200);
    return id;
  }

  @Test
  void sendsReadyWithLastSeqZeroThenOneConfirmedEventPerPayment() {
    String user = user();
    try (Tab tab = Tab.open(fx.vertx(), fx.port(), Tokens.valid(user))) {
      JsonObject ready = tab.ready();
      assertThat(tab.frames().get(0)).isEqualTo(ready);
      assertThat(ready.getJsonObject("data")).isEqualTo(new JsonObject().put("userId", user).put("lastSeq", 0)
          .put("epoch", fx.db().query("SELECT epoch FROM log_meta")).put("recovered", true));

      Instant before = Instant.now().minusSeconds(1);
      String first = pay(user, ADDON_3);
      JsonObject event = tab.awaitEvents(1).get(0);
      assertThat(event.getString("type")).isEqualTo("PAYMENT_CONFIRMED");
      assertThat(event.getLong("seq")).isEqualTo(1);
      JsonObject data = event.getJsonObject("data");
      assertThat(data.getValue("paymentId")).isEqualTo(first);
      assertThat(data.getString("status")).isEqualTo("approved");
      assertThat(data.getString("planType")).isEqualTo("addon_3");
      assertThat(data.getInteger("creditsAdded")).isEqualTo(3);
      assertThat(data.getInteger("totalCredits")).isEqualTo(3);
      assertThat(data.getString("timestamp")).endsWith("Z");
      assertThat(Instant.parse(data.getString("timestamp"))).isAfter(before);
      assertThat(fx.http().credits(fx.port(), user)).isEqualTo(3);

      pay(user, ADDON_5);
      JsonObject second = tab.awaitEvents(2).get(1);
      assertThat(second.getLong("seq")).isEqualTo(2);
      assertThat(second.getJsonObject("data").getInteger("creditsAdded")).isEqualTo(5);
      assertThat(second.getJsonObject("data").getInteger("totalCredits")).isEqualTo(8);
      assertThat(fx.http().credits(fx.port(), user)).isEqualTo(8);
      assertThat(tab.events()).hasSize(2);
    }
  }

  @Test
  void creditsARepeatedNotificationOnce() {
    String user = user();
    try (Tab tab = Tab.open(fx.vertx(), fx.port(), Tokens.valid(user))) {
      tab.ready();
      String id = pay(user, ADDON_3);
      tab.awaitEvents(1);
      for (int i = 0; i < 3; i++) {
        assertThat(fx.http().webhook(fx.port(), id)).isEqualTo(200);
      }
      String marker = pay(user, ADDON_5);
      JsonObject last = tab.awaitEvents(2).get(1);
      assertThat(last.getJsonObject("data").getValue("paymentId")).isEqualTo(marker);
      assertThat(tab.events()).hasSize(2);
      assertThat(fx.http().credits(fx.port(), user)).isEqualTo(8);
      assertThat(fx.db().count("SELECT count(*) FROM events WHERE user_id = '" + user + "'")).isEqualTo(2);
    }
  }

  @Test
  void doesNotCreditAPaymentWhoseAmountOrCurrencyDoesNotMatchItsPlan() {
    String user = user();
    try (Tab tab = Tab.open(fx.vertx(), fx.port(), Tokens.valid(user))) {
      tab.ready();
      String cheap = FakePayments.nextId();
      fx.mp().put(FakePayments.payment(cheap, user, ADDON_10_AT_ADDON_3_PRICE, "approved"));
      String dollars = FakePayments.nextId();
      fx.mp().put(FakePayments.payment(dollars, user, new Plan("addon_3", 3, new BigDecimal("1500.00"), "USD"), "approved"));
      assertThat(fx.http().webhook(fx.port(), cheap)).isEqualTo(200);
      assertThat(fx.http().webhook(fx.port(), dollars)).isEqualTo(200);
      awaitProcessed(cheap);
      awaitProcessed(dollars);

      assertThat(fx.db().query("SELECT check_failure FROM payments WHERE payment_id = '" + cheap + "'")).contains("amount");
      assertThat(fx.db().query("SELECT check_failure FROM payments WHERE payment_id = '" + dollars + "'")).contains("currency");
      assertThat(tab.awaitEvents(2)).allSatisfy(e -> assertThat(e.getString("type")).isEqualTo("PAYMENT_NEEDS_REVIEW"));
      String good = pay(user, ADDON_3);
      JsonObject confirmed = tab.awaitEvents(3).get(2);
      assertThat(confirmed.getJsonObject("data").getValue("paymentId")).isEqualTo(good);
      assertThat(confirmed.getString("type")).isEqualTo("PAYMENT_CONFIRMED");
      assertThat(confirmed.getLong("seq")).isEqualTo(3);
      assertThat(fx.http().credits(fx.port(), user)).isEqualTo(3);
    }
  }

  static final Plan ADDON_10_AT_ADDON_3_PRICE = new Plan("addon_10", 10, new BigDecimal("1500.00"), "ARS");

  static void awaitProcessed(String paymentId) {
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(fx.db().count("SELECT count(*) FROM inbox WHERE payment_id = '" + paymentId
            + "' AND due_at IS NULL") == 1)
            .as(() -> "payment " + paymentId + " never processed").isTrue());
  }

  @Test
  void rejectsAForgedSignatureWith401AndCreditsNothing() {
    String user = user();
    String id = FakePayments.nextId();
    fx.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
    String ts = String.valueOf(System.currentTimeMillis());
    String forged = Http.signature("not-the-secret", id, "req-1", ts);
    Http.Response r = fx.http().rawWebhook(fx.port(), "?data.id=" + id + "&type=payment", forged, "req-1", "{}");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().getString("error")).isEqualTo("unauthorized");
    Http.Response unsigned = fx.http().rawWebhook(fx.port(), "?data.id=" + id + "&type=payment", null, "req-1", "{}");
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(fx.db().count("SELECT count(*) FROM inbox WHERE payment_id = '" + id + "'")).isZero();
    assertThat(fx.http().credits(fx.port(), user)).isZero();
  }
}
