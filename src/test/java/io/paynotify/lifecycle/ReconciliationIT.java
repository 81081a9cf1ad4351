package io.paynotify.lifecycle;

import static io.paynotify.support.PaynotifyNode.ADDON_3;
import static io.paynotify.support.PaynotifyNode.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Payments still pending after a while are fetched again: a lost notification heals by itself. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class ReconciliationIT {

  @RegisterExtension
  static final PaynotifyNode f = PaynotifyNode.standalone("reconcile")
      .env(Map.of("RECONCILE_INTERVAL_SECONDS", "1", "RECONCILE_PENDING_AFTER_SECONDS", "2"));

  @Test
  void aPendingPaymentTurnsApprovedWithNoNotificationAtAll() {
    String user = PaynotifyNode.user();
    String id = FakePayments.nextId();
    OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10);
    try (Tab tab = Tab.open(f.vertx(), f.port(), Tokens.valid(user))) {
      tab.ready();
      f.notify(payment(id, user, ADDON_3, "pending", t0));
      assertThat(tab.awaitEvents(1).get(0).getString("type")).isEqualTo("PAYMENT_PENDING");
      f.awaitProcessed(id);
      long generation = f.db().count("SELECT generation FROM inbox WHERE payment_id = '" + id + "'");

      f.mp().put(payment(id, user, ADDON_3, "approved", t0.plusMinutes(1)));
      JsonObject confirmed = tab.awaitFrame(e -> "PAYMENT_CONFIRMED".equals(e.getString("type")), Duration.ofSeconds(30));
      assertThat(confirmed.getLong("seq")).isEqualTo(2);
      assertThat(confirmed.getJsonObject("data").getInteger("totalCredits")).isEqualTo(3);
      assertThat(f.credits(user)).isEqualTo(3);
      assertThat(f.db().count("SELECT generation FROM inbox WHERE payment_id = '" + id + "'")).isGreaterThan(generation);
    }
  }

  @Test
  void aConfirmedPaymentIsNotFetchedAgain() {
    String user = PaynotifyNode.user();
    String id = FakePayments.nextId();
    f.notify(FakePayments.payment(id, user, ADDON_3, "approved"));
    f.awaitProcessed(id);
    String generation = f.db().query("SELECT generation FROM inbox WHERE payment_id = '" + id + "'");
    f.db().query("UPDATE payments SET updated_at = now() - interval '1 hour' WHERE payment_id = '" + id + "'");
    String pending = FakePayments.nextId();
    f.notify(FakePayments.payment(pending, PaynotifyNode.user(), ADDON_3, "pending"));
    f.awaitProcessed(pending);
    String pendingGeneration = f.db().query("SELECT generation FROM inbox WHERE payment_id = '" + pending + "'");
    await("the pending payment was never looked at again").atMost(Duration.ofSeconds(30))
        .until(() -> !pendingGeneration.equals(f.db().query("SELECT generation FROM inbox WHERE payment_id = '" + pending + "'")));
    assertThat(f.db().query("SELECT generation FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo(generation);
    assertThat(f.eventCount(user)).isEqualTo(1);
  }
}
