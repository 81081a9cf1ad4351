package io.paynotify.lifecycle;

import static io.paynotify.support.Fixture.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.MercadoPagoDouble;
import io.paynotify.support.Fixture;
import io.paynotify.support.Http;
import io.paynotify.support.NodeProcess;
import io.paynotify.support.Tab;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node (its own JVM) stores a notification, starts processing it, and is killed with -9 before it
 * could apply it; another node, started only afterwards, finds the row due and completes it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, timeUnit = TimeUnit.SECONDS)
class NodeCrashIT {

  private static final Logger LOG = LoggerFactory.getLogger(NodeCrashIT.class);

  @Test
  void aNotificationStoredByANodeThatDiedBeforeProcessingItIsCompletedByAnotherNode(Vertx vertx) {
    String user = Fixture.user();
    String id = FakePayments.nextId();
    JsonObject payment = FakePayments.payment(id, user, ADDON_3, "approved");
    try (TestDatabase db = TestDatabase.create("crash")) {
      MercadoPagoDouble stuck = MercadoPagoDouble.start(vertx);
      MercadoPagoDouble healthy = MercadoPagoDouble.start(vertx);
      stuck.put(payment);
      healthy.put(payment);
      stuck.delay(120_000);
      Map<String, String> envA = TestNode.env(db, stuck.url());
      envA.put("INBOX_LEASE_SECONDS", "3");
      envA.put("MP_TIMEOUT_MS", "60000");
      Http http = new Http();
      try (NodeProcess a = NodeProcess.start(envA)) {
        assertThat(http.webhook(a.port(), id)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(stuck.requests() >= 1)
                .as(() -> "node A never fetched; log:\n" + a.log()).isTrue());
        a.kill();
        assertThat(a.isAlive()).isFalse();
      }
      long killedAt = System.nanoTime();
      assertThat(db.count("SELECT count(*) FROM inbox WHERE payment_id = '" + id + "' AND due_at IS NOT NULL"))
          .isEqualTo(1);
      assertThat(db.count("SELECT count(*) FROM payments WHERE payment_id = '" + id + "' AND status IS NOT NULL"))
          .isZero();
      assertThat(stuck.fetches()).isZero();

      try (TestNode b = TestNode.start(TestNode.env(db, healthy.url()));
           Tab tab = Tab.resume(vertx, b.port(), Tokens.valid(user), 0)) {
        JsonObject event = tab.awaitFrame(e -> e.containsKey("seq"), Duration.ofSeconds(60));
        LOG.info("node B completed the dead node's notification {} ms after the kill",
            (System.nanoTime() - killedAt) / 1_000_000);
        assertThat(event.getString("type")).isEqualTo("PAYMENT_CONFIRMED");
        assertThat(event.getJsonObject("data").getString("paymentId")).isEqualTo(id);
        assertThat(event.getLong("seq")).isEqualTo(1);
        assertThat(http.credits(b.port(), user)).isEqualTo(3);
        assertThat(healthy.fetches()).isGreaterThanOrEqualTo(1);
        await("inbox row never finished").atMost(Duration.ofSeconds(30))
            .until(() -> "applied".equals(db.query("SELECT outcome FROM inbox WHERE payment_id = '" + id + "'")));
        assertThat(db.count("SELECT count(*) FROM events WHERE user_id = '" + user + "'")).isEqualTo(1);
      } finally {
        stuck.close().await();
        healthy.close().await();
      }
    }
  }
}
