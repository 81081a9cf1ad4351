package io.paynotify.ops;

import static io.paynotify.support.Plans.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Http;
import io.paynotify.support.NodeProcess;
import io.paynotify.support.Services;
import io.paynotify.support.Tab;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SIGTERM to a node process holding tabs while a payment is being processed. */
@ExtendWith(VertxExtension.class)
class ShutdownIT {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownIT.class);
  static final int DRAIN_SECONDS = 10;
  static final long GATEWAY_DELAY_MS = 4000;

  @RegisterExtension
  static final Services svc = Services.named("shutdown");
  static Http http = new Http();

  @Test
  void sigtermRefusesNewWorkFinishesTheInFlightPaymentClosesTabsWith1001AndExitsWithinTheDrainTime() {
    Map<String, String> env = TestNode.env(svc.db(), svc.mp().url());
    env.put("SHUTDOWN_DRAIN_SECONDS", String.valueOf(DRAIN_SECONDS));
    env.put("MP_TIMEOUT_MS", "10000");
    String user = "s-" + UUID.randomUUID().toString().substring(0, 8);
    try (NodeProcess node = NodeProcess.start(env)) {
      List<Tab> tabs = List.of(Tab.open(svc.vertx(), node.port(), Tokens.valid(user)), Tab.open(svc.vertx(), node.port(), Tokens.valid(user)));
      tabs.forEach(Tab::ready);
      String id = FakePayments.nextId();
      svc.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
      svc.mp().delay(GATEWAY_DELAY_MS);
      assertThat(http.webhook(node.port(), id)).isEqualTo(200);
      await("the payment is not being processed").atMost(Duration.ofSeconds(10))
          .until(() -> svc.db().count("SELECT count(*) FROM inbox WHERE payment_id = '" + id + "' AND lease_until IS NOT NULL") == 1);

      long sigterm = System.nanoTime();
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> node.terminate(Duration.ofSeconds(60)));
      await("/ready not 503 while draining").atMost(Duration.ofSeconds(5))
          .until(() -> http.get(node.port(), "/ready", null).status() == 503);
      assertThat(http.webhook(node.port(), FakePayments.nextId())).isEqualTo(503);
      assertThat(Tab.upgradeStatus(svc.vertx(), node.port(), "token=" + Tab.encode(Tokens.valid(user)))).isEqualTo(503);

      for (Tab tab : tabs) {
        JsonObject event = tab.awaitFrame(f -> "PAYMENT_CONFIRMED".equals(f.getString("type")), Duration.ofSeconds(20));
        assertThat(event.getJsonObject("data").getString("paymentId")).isEqualTo(id);
        assertThat(tab.awaitClose(Duration.ofSeconds(20))).isEqualTo((short) 1001);
      }
      int code = exit.join();
      long exitMs = (System.nanoTime() - sigterm) / 1_000_000;
      LOG.info("SIGTERM with a payment in flight ({} ms gateway delay): exit {} after {} ms", GATEWAY_DELAY_MS, code, exitMs);
      assertThat(code).isIn(0, 143);
      assertThat(exitMs).isLessThan(DRAIN_SECONDS * 1000L);
      assertThat(node.log()).contains("stopped in");
      tabs.forEach(Tab::close);
    } finally {
      svc.mp().delay(0);
    }
    assertThat(svc.db().count("SELECT credits FROM accounts WHERE user_id = '" + user + "'")).isEqualTo(3);
    assertThat(svc.db().query("SELECT outcome FROM inbox WHERE due_at IS NULL AND payment_id IN "
        + "(SELECT payment_id FROM payments WHERE user_id = '" + user + "')")).isEqualTo("applied");
  }

  @Test
  void aPaymentStuckLongerThanTheDrainDoesNotHoldTheExitAndStaysInTheInboxForAnotherNode() {
    int drain = 3;
    Map<String, String> env = TestNode.env(svc.db(), svc.mp().url());
    env.put("SHUTDOWN_DRAIN_SECONDS", String.valueOf(drain));
    env.put("MP_TIMEOUT_MS", "60000");
    env.put("LOG_FORMAT", "json");
    String user = "s-" + UUID.randomUUID().toString().substring(0, 8);
    String id = FakePayments.nextId();
    svc.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
    svc.mp().delay(120_000);
    try (NodeProcess node = NodeProcess.start(env)) {
      assertThat(http.webhook(node.port(), id)).isEqualTo(200);
      await("the payment is not being processed").atMost(Duration.ofSeconds(10))
          .until(() -> svc.db().count("SELECT count(*) FROM inbox WHERE payment_id = '" + id + "' AND lease_until IS NOT NULL") == 1);
      long sigterm = System.nanoTime();
      int code = node.terminate(Duration.ofSeconds(60));
      long exitMs = (System.nanoTime() - sigterm) / 1_000_000;
      LOG.info("SIGTERM with a payment stuck behind Mercado Pago, drain {} s: exit {} after {} ms", drain, code, exitMs);
      assertThat(code).isIn(0, 143);
      assertThat(exitMs).isLessThan((drain + 10) * 1000L);
      JsonObject started = node.log().lines().filter(l -> l.startsWith("{")).map(JsonObject::new)
          .filter(l -> l.getString("formattedMessage", "").startsWith("paynotify ")).findFirst().orElseThrow();
      assertThat(started.getString("formattedMessage")).matches(
          "paynotify \\S+ started: node=standalone port=" + node.port() + " cluster=off schema=\\d+ transport=(epoll|nio)");
      assertThat(started.getString("level")).isEqualTo("INFO");
    } finally {
      svc.mp().delay(0);
    }
    assertThat(svc.db().count("SELECT count(*) FROM inbox WHERE payment_id = '" + id + "' AND due_at IS NOT NULL")).isEqualTo(1);
    assertThat(svc.db().count("SELECT count(*) FROM accounts WHERE user_id = '" + user + "'")).isZero();
  }

  @Test
  void sigtermOfAClusteredNodeLeavesTheClusterGracefully() {
    List<Map<String, String>> envs = svc.clusterEnvs(2);
    // The first node is Hazelcast's master; the second one leaves (a leaving master is always
    // "suspected" by the others first, however gracefully it goes: Hazelcast's own behaviour).
    try (NodeProcess staying = NodeProcess.start(envs.get(0)); NodeProcess leaving = NodeProcess.start(envs.get(1))) {
      await("no two-member cluster").atMost(Duration.ofSeconds(30))
          .until(() -> http.get(staying.port(), "/ready", null).json().getInteger("clusterMembers", 0) == 2);
      long sigterm = System.nanoTime();
      assertThat(leaving.terminate(Duration.ofSeconds(30))).isIn(0, 143);
      await("the survivor still counts the node that left").atMost(Duration.ofSeconds(15))
          .until(() -> http.get(staying.port(), "/ready", null).json().getInteger("clusterMembers", 0) == 1);
      LOG.info("clustered SIGTERM: exited and left the cluster after {} ms", (System.nanoTime() - sigterm) / 1_000_000);
      assertThat(http.get(staying.port(), "/ready", null).status()).isEqualTo(200);
      assertThat(staying.log()).as("a graceful leave, not a member that vanished").doesNotContain("suspected to be dead");
    }
  }
}
