package io.paynotify.ops;

import static io.paynotify.support.Plans.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Scrape;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /ready} and {@code /metrics} of one node: the named series exist and move when things happen. */
@ExtendWith(VertxExtension.class)
class ReadyAndMetricsIT {

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("readymetrics");

  @Test
  void readyIsUpWhenTheDatabaseAnswers() {
    Http.Response r = fx.http().get(fx.port(), "/ready", null);
    assertThat(r.status()).isEqualTo(200);
    JsonObject body = r.json();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("checks").getString("database")).isEqualTo("UP");
    assertThat(body.getJsonObject("checks").containsKey("cluster")).isFalse();
  }

  @Test
  void exportsJvmPoolAndVertxSeries() {
    Scrape s = Scrape.of(fx.http(), fx.port());
    assertThat(s.hasPrefix("jvm_memory_used_bytes")).isTrue();
    assertThat(s.hasPrefix("jvm_threads_live_threads")).isTrue();
    assertThat(s.hasPrefix("vertx_pool_in_use")).isTrue();
    assertThat(s.hasPrefix("vertx_http_server_active_connections")).isTrue();
    for (String series : new String[] {"paynotify_ws_open_sockets", "paynotify_ws_connects_total",
        "paynotify_ws_slow_consumer_closes_total", "paynotify_events_stored_total", "paynotify_events_published_total",
        "paynotify_events_delivered_total", "paynotify_inbox_backlog", "paynotify_inbox_oldest_due_seconds",
        "paynotify_processing_latency_seconds_count"}) {
      assertThat(s.has(series)).as(series).isTrue();
    }
    assertThat(s.has("paynotify_processing_latency_seconds_bucket{le=\"0.5\"}")).isTrue();
  }

  @Test
  void socketSeriesMoveWithConnectsRejectsAndCloses() {
    Scrape before = Scrape.of(fx.http(), fx.port());
    String user = "m-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(Tab.upgradeStatus(fx.vertx(), fx.port(), "token=not-a-jwt")).isEqualTo(401);
    assertThat(Tab.upgradeStatus(fx.vertx(), fx.port(), "token=" + Tab.encode(Tokens.valid(user)) + "&since=-1"))
        .isEqualTo(400);
    try (Tab tab = Tab.open(fx.vertx(), fx.port(), Tokens.valid(user))) {
      tab.ready();
      Scrape open = Scrape.of(fx.http(), fx.port());
      assertThat(open.value("paynotify_ws_open_sockets")).isEqualTo(before.value("paynotify_ws_open_sockets") + 1);
      assertThat(open.value("paynotify_ws_connects_total")).isEqualTo(before.value("paynotify_ws_connects_total") + 1);
      assertThat(open.value("paynotify_ws_rejects_total{reason=\"unauthorized\"}"))
          .isEqualTo(before.value("paynotify_ws_rejects_total{reason=\"unauthorized\"}") + 1);
      assertThat(open.value("paynotify_ws_rejects_total{reason=\"bad_request\"}"))
          .isEqualTo(before.value("paynotify_ws_rejects_total{reason=\"bad_request\"}") + 1);
    }
    await("open sockets did not go down").atMost(Duration.ofSeconds(10))
        .until(() -> Scrape.of(fx.http(), fx.port()).value("paynotify_ws_open_sockets") == before.value("paynotify_ws_open_sockets"));
  }

  @Test
  void paymentSeriesMoveWithAWebhookThatIsCreditedAndDelivered() {
    String user = "m-" + UUID.randomUUID().toString().substring(0, 8);
    try (Tab tab = Tab.open(fx.vertx(), fx.port(), Tokens.valid(user))) {
      tab.ready();
      Scrape before = Scrape.of(fx.http(), fx.port());
      String id = FakePayments.nextId();
      fx.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
      assertThat(fx.http().webhook(fx.port(), id)).isEqualTo(200);
      assertThat(fx.http().rawWebhook(fx.port(), "?data.id=" + id + "&type=payment", "ts=1,v1=00", "r", "{}").status())
          .isEqualTo(401);
      tab.awaitEvent("PAYMENT_CONFIRMED");

      Scrape after = Scrape.of(fx.http(), fx.port());
      assertMoved(before, after, "paynotify_webhooks_total{result=\"accepted\"}", 1);
      assertMoved(before, after, "paynotify_webhooks_total{result=\"bad_signature\"}", 1);
      assertMoved(before, after, "paynotify_gateway_calls_total{status=\"200\"}", 1);
      assertMoved(before, after, "paynotify_events_stored_total", 1);
      assertMoved(before, after, "paynotify_events_published_total", 1);
      assertMoved(before, after, "paynotify_events_delivered_total", 1);
      assertMoved(before, after, "paynotify_processing_latency_seconds_count", 1);
      assertThat(after.value("paynotify_processing_latency_seconds_sum"))
          .isGreaterThan(before.value("paynotify_processing_latency_seconds_sum"));
    }
  }

  @Test
  void inboxGaugesShowANotificationWaitingForMercadoPagoAndClearWhenItIsProcessed() {
    String user = "m-" + UUID.randomUUID().toString().substring(0, 8);
    String id = FakePayments.nextId();
    fx.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
    fx.mp().failNext(1_000_000, 503);
    try {
      assertThat(fx.http().webhook(fx.port(), id)).isEqualTo(200);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        Scrape s = Scrape.of(fx.http(), fx.port());
        assertThat(s.value("paynotify_inbox_backlog")).as("backlog").isEqualTo(1);
        assertThat(s.value("paynotify_inbox_oldest_due_seconds")).as("oldest due").isGreaterThanOrEqualTo(1);
        assertThat(s.value("paynotify_gateway_calls_total{status=\"503\"}")).as("503 answers").isGreaterThanOrEqualTo(1);
      });
    } finally {
      fx.mp().failNext(0, 503);
    }
    await("backlog did not clear").atMost(Duration.ofSeconds(30))
        .until(() -> Scrape.of(fx.http(), fx.port()).value("paynotify_inbox_backlog") == 0);
    assertThat(fx.db().count("SELECT count(*) FROM inbox WHERE due_at IS NOT NULL")).isZero();
    assertThat(Scrape.of(fx.http(), fx.port()).value("paynotify_inbox_oldest_due_seconds")).isZero();
  }

  @Test
  void aPaymentMercadoPagoDoesNotShowYetWaitsInItsOwnGaugeNotInTheBacklogAge() {
    String user = "m-" + UUID.randomUUID().toString().substring(0, 8);
    String id = FakePayments.nextId(); // not at the stand-in yet: 404
    assertThat(fx.http().webhook(fx.port(), id)).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Scrape s = Scrape.of(fx.http(), fx.port());
      assertThat(s.value("paynotify_inbox_not_found_waiting")).as("waiting for a 404 payment").isEqualTo(1);
      assertThat(s.value("paynotify_inbox_backlog")).as("backlog").isEqualTo(1);
      assertThat(s.value("paynotify_inbox_oldest_due_seconds")).as("oldest due, the 404 aside").isZero();
    });
    fx.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
    await("the payment, once visible, was not applied").atMost(Duration.ofSeconds(30))
        .until(() -> Scrape.of(fx.http(), fx.port()).value("paynotify_inbox_not_found_waiting") == 0
            && fx.db().count("SELECT count(*) FROM inbox WHERE due_at IS NOT NULL") == 0);
  }

  private static void assertMoved(Scrape before, Scrape after, String series, double by) {
    assertThat(after.value(series)).as(series).isEqualTo(before.value(series) + by);
  }
}
