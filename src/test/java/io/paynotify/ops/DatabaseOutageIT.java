package io.paynotify.ops;

import static io.paynotify.support.Plans.ADDON_5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Scrape;
import io.paynotify.support.Tab;
import io.paynotify.support.TcpProxy;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL goes away under a running node (its connections cut and refused by a proxy, the
 * machine's PostgreSQL untouched) and comes back: 503 and not ready while down, sockets stay open,
 * full service afterwards without a restart.
 */
@ExtendWith(VertxExtension.class)
class DatabaseOutageIT {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageIT.class);

  static final TcpProxy proxy = new TcpProxy(5432).start();
  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("dboutage").closing(proxy)
      .env(db -> Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + proxy.port() + "/" + db.name()));

  @Test
  void whileTheDatabaseIsDownWebhooksGet503AndReadySaysSoThenTheNodeRecoversByItself() {
    String user = "o-" + UUID.randomUUID().toString().substring(0, 8);
    try (Tab tab = Tab.open(fx.vertx(), fx.port(), Tokens.valid(user))) {
      tab.ready();
      assertThat(fx.http().get(fx.port(), "/ready", null).status()).isEqualTo(200);
      String paid = FakePayments.nextId();
      fx.mp().put(FakePayments.payment(paid, user, ADDON_5, "approved"));

      long cut = System.nanoTime();
      proxy.stop();
      await("/ready still 200 with the database down").atMost(Duration.ofSeconds(15))
          .until(() -> fx.http().get(fx.port(), "/ready", null).status() == 503);
      long notReadyMs = (System.nanoTime() - cut) / 1_000_000;
      JsonObject ready = fx.http().get(fx.port(), "/ready", null).json();
      assertThat(ready.getString("status")).isEqualTo("DOWN");
      assertThat(ready.getJsonArray("down").getList()).containsExactly("database");
      assertThat(ready.getString("error")).isEqualTo("unavailable");

      long sent = System.nanoTime();
      Http.Response refused = fx.http().request("POST", fx.port(), "/payments/webhook?data.id=" + paid + "&type=payment",
          signedHeaders(paid), "{\"type\":\"payment\",\"data\":{\"id\":\"" + paid + "\"}}");
      long answerMs = (System.nanoTime() - sent) / 1_000_000;
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().getString("error")).isEqualTo("unavailable");
      assertThat(answerMs).isLessThan(5000);
      assertThat(tab.closeCode()).as("the socket stays open while the database is down").isNull();
      assertThat(fx.http().get(fx.port(), "/health", null).status()).isEqualTo(200);
      assertThat(Scrape.of(fx.http(), fx.port()).has("paynotify_inbox_backlog")).as("/metrics answers while the database is down")
          .isTrue();

      long back = System.nanoTime();
      proxy.start();
      await("/ready did not recover").atMost(Duration.ofSeconds(30))
          .until(() -> fx.http().get(fx.port(), "/ready", null).status() == 200);
      long recoveredMs = (System.nanoTime() - back) / 1_000_000;
      LOG.info("database outage: not ready after {} ms, webhook refused in {} ms, ready again {} ms after the "
          + "database came back", notReadyMs, answerMs, recoveredMs);

      // Mercado Pago retries the refused notification: now it is stored, credited once and pushed to the same tab.
      assertThat(fx.http().webhook(fx.port(), paid)).isEqualTo(200);
      JsonObject event = tab.awaitEvent("PAYMENT_CONFIRMED");
      assertThat(event.getLong("seq")).isEqualTo(1);
      assertThat(event.getJsonObject("data").getString("paymentId")).isEqualTo(paid);
      assertThat(fx.http().credits(fx.port(), user)).isEqualTo(5);
      assertThat(tab.closeCode()).isNull();
      assertThat(fx.db().count("SELECT count(*) FROM events WHERE user_id = '" + user + "'")).isEqualTo(1);
    }
  }

  private static Map<String, String> signedHeaders(String paymentId) {
    String requestId = UUID.randomUUID().toString();
    String ts = String.valueOf(System.currentTimeMillis());
    return Map.of("content-type", "application/json", "x-request-id", requestId,
        "x-signature", Http.signature(TestNode.WEBHOOK_SECRET, paymentId, requestId, ts));
  }
}
