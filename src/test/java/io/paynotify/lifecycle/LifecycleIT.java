package io.paynotify.lifecycle;

import static io.paynotify.support.Fixture.ADDON_3;
import static io.paynotify.support.Fixture.ADDON_5;
import static io.paynotify.support.Fixture.payment;
import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Fixture;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The states of one payment, one event per change, stale states ignored, refunds once. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class LifecycleIT {

  static Fixture f;
  static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);

  @BeforeAll
  static void start(Vertx vertx) {
    f = Fixture.start(vertx, "lifecycle", Map.of());
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void pendingThenApprovedThenStalePendingIgnoredThenRefundedTakesTheCreditsBackOnce() {
    String user = Fixture.user();
    String id = FakePayments.nextId();
    try (Tab tab = Tab.open(f.vertx, f.port(), Tokens.valid(user))) {
      tab.ready();
      f.notify(payment(id, user, ADDON_3, "pending", T0));
      JsonObject pending = tab.awaitEvents(1).get(0);
      assertThat(pending.getString("type")).isEqualTo("PAYMENT_PENDING");
      assertThat(pending.getLong("seq")).isEqualTo(1);
      assertThat(pending.getJsonObject("data").getMap()).containsEntry("paymentId", id)
          .containsEntry("status", "pending").containsEntry("planType", "addon_3").containsKey("timestamp")
          .doesNotContainKeys("creditsAdded", "totalCredits");
      assertThat(f.credits(user)).isZero();

      f.notify(payment(id, user, ADDON_3, "approved", T0.plusMinutes(2)));
      JsonObject confirmed = tab.awaitEvents(2).get(1);
      assertThat(confirmed.getString("type")).isEqualTo("PAYMENT_CONFIRMED");
      assertThat(confirmed.getLong("seq")).isEqualTo(2);
      assertThat(confirmed.getJsonObject("data").getInteger("creditsAdded")).isEqualTo(3);
      assertThat(confirmed.getJsonObject("data").getInteger("totalCredits")).isEqualTo(3);

      f.notify(payment(id, user, ADDON_3, "pending", T0.plusMinutes(1)));
      f.awaitProcessed(id);
      assertThat(f.stored(id, "status")).isEqualTo("approved");
      assertThat(f.credits(user)).isEqualTo(3);

      f.notify(payment(id, user, ADDON_3, "refunded", T0.plusMinutes(3)));
      JsonObject refunded = tab.awaitEvents(3).get(2);
      assertThat(refunded.getString("type")).isEqualTo("PAYMENT_REFUNDED");
      assertThat(refunded.getLong("seq")).isEqualTo(3);
      assertThat(refunded.getJsonObject("data").getMap()).containsEntry("paymentId", id)
          .containsEntry("status", "refunded").containsEntry("creditsRemoved", 3).containsEntry("totalCredits", 0);
      assertThat(f.credits(user)).isZero();

      f.notify(payment(id, user, ADDON_3, "refunded", T0.plusMinutes(4)));
      f.awaitProcessed(id);
      String marker = FakePayments.nextId();
      f.notify(payment(marker, user, ADDON_5, "approved", T0.plusMinutes(5)));
      JsonObject last = tab.awaitEvents(4).get(3);
      assertThat(last.getJsonObject("data").getString("paymentId")).isEqualTo(marker);
      assertThat(last.getLong("seq")).isEqualTo(4);
      assertThat(tab.events()).extracting(e -> e.getString("type")).containsExactly(
          "PAYMENT_PENDING", "PAYMENT_CONFIRMED", "PAYMENT_REFUNDED", "PAYMENT_CONFIRMED");
      assertThat(f.credits(user)).isEqualTo(5);
      assertThat(f.eventCount(user)).isEqualTo(4);
    }
  }

  @Test
  void rejectedAndCancelledCarryTheStatusDetailAndCreditNothing() {
    String user = Fixture.user();
    String rejected = FakePayments.nextId();
    String cancelled = FakePayments.nextId();
    try (Tab tab = Tab.open(f.vertx, f.port(), Tokens.valid(user))) {
      tab.ready();
      f.notify(payment(rejected, user, ADDON_3, "rejected", T0).put("status_detail", "cc_rejected_insufficient_amount"));
      JsonObject first = tab.awaitEvents(1).get(0);
      assertThat(first.getString("type")).isEqualTo("PAYMENT_REJECTED");
      assertThat(first.getJsonObject("data").getMap()).containsEntry("paymentId", rejected)
          .containsEntry("status", "rejected").containsEntry("statusDetail", "cc_rejected_insufficient_amount");
      f.notify(payment(cancelled, user, ADDON_3, "cancelled", T0).put("status_detail", "expired"));
      JsonObject second = tab.awaitEvents(2).get(1);
      assertThat(second.getString("type")).isEqualTo("PAYMENT_REJECTED");
      assertThat(second.getJsonObject("data").getString("statusDetail")).isEqualTo("expired");
      assertThat(f.credits(user)).isZero();
      assertThat(f.stored(rejected, "status_detail")).isEqualTo("cc_rejected_insufficient_amount");
    }
  }

  @Test
  void inProcessAndAuthorizedArePendingInMediationIsADisputeAndAChargebackTakesTheCreditsBack() {
    String user = Fixture.user();
    String id = FakePayments.nextId();
    try (Tab tab = Tab.open(f.vertx, f.port(), Tokens.valid(user))) {
      tab.ready();
      f.notify(payment(id, user, ADDON_5, "in_process", T0));
      tab.awaitEvents(1);
      f.notify(payment(id, user, ADDON_5, "authorized", T0.plusMinutes(1)));
      tab.awaitEvents(2);
      f.notify(payment(id, user, ADDON_5, "approved", T0.plusMinutes(2)));
      tab.awaitEvents(3);
      f.notify(payment(id, user, ADDON_5, "in_mediation", T0.plusMinutes(3)));
      f.awaitProcessed(id);
      assertThat(f.stored(id, "status")).isEqualTo("in_mediation");
      assertThat(f.credits(user)).isEqualTo(5);
      f.notify(payment(id, user, ADDON_5, "charged_back", T0.plusMinutes(4)).put("status_detail", "settled"));
      List<JsonObject> events = tab.awaitEvents(5);
      f.awaitProcessed(id);
      assertThat(f.eventCount(user)).isEqualTo(5);
      assertThat(events).extracting(e -> e.getString("type") + ":" + e.getJsonObject("data").getString("status"))
          .containsExactly("PAYMENT_PENDING:in_process", "PAYMENT_PENDING:authorized", "PAYMENT_CONFIRMED:approved",
              "PAYMENT_DISPUTED:in_mediation", "PAYMENT_REFUNDED:charged_back");
      assertThat(events.get(4).getJsonObject("data").getInteger("creditsRemoved")).isEqualTo(5);
      assertThat(f.credits(user)).isZero();
    }
  }

  @Test
  void concurrentNotificationsOfOnePaymentCreditItOnceWithOneEvent() throws Exception {
    String user = Fixture.user();
    String id = FakePayments.nextId();
    f.mp.put(payment(id, user, ADDON_3, "approved", T0));
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> senders = new ArrayList<>();
    List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 12; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
          statuses.add(f.http.webhook(f.port(), id));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      t.start();
      senders.add(t);
    }
    go.countDown();
    for (Thread t : senders) {
      t.join(30_000);
    }
    assertThat(statuses).hasSize(12).containsOnly(200);
    f.awaitProcessed(id);
    assertThat(f.credits(user)).isEqualTo(3);
    assertThat(f.eventCount(user)).isEqualTo(1);
    assertThat(f.stored(id, "credits_granted")).isEqualTo("3");
  }
}
