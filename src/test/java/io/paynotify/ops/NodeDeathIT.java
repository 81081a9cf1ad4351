package io.paynotify.ops;

import static io.paynotify.support.Plans.ADDON_10;
import static io.paynotify.support.Plans.ADDON_3;
import static io.paynotify.support.Plans.ADDON_5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.config.Plan;
import io.paynotify.dev.FakePayments;
import io.paynotify.support.Http;
import io.paynotify.support.NodeProcess;
import io.paynotify.support.Services;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two clustered node processes; one holding tabs and a payment in flight is killed with kill -9. The
 * survivor keeps delivering, finishes the dead node's payment, and the dead node's tabs resume on it
 * with {@code since} without losing an event.
 */
@ExtendWith(VertxExtension.class)
class NodeDeathIT {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDeathIT.class);

  @RegisterExtension
  static final Services svc = Services.named("nodedeath");
  static Http http = new Http();

  @Test
  void afterKill9TheSurvivorKeepsDeliveringFinishesTheDeadNodesPaymentAndItsTabsResumeWithNothingLost() {
    List<Map<String, String>> envs = svc.clusterEnvs(2);
    envs.forEach(env -> env.put("INBOX_LEASE_SECONDS", "3"));
    String user = "d-" + UUID.randomUUID().toString().substring(0, 8);
    try (NodeProcess doomed = NodeProcess.start(envs.get(0)); NodeProcess survivor = NodeProcess.start(envs.get(1))) {
      for (NodeProcess node : List.of(doomed, survivor)) {
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(http.get(node.port(), "/ready", null).json().getInteger("clusterMembers", 0) == 2)
                .as(() -> "no two-member cluster: " + http.get(node.port(), "/ready", null).body()).isTrue());
        assertThat(http.get(node.port(), "/ready", null).json().getJsonObject("checks").getString("cluster")).isEqualTo("UP");
      }
      Tab onDoomed = Tab.open(svc.vertx(), doomed.port(), Tokens.valid(user));
      Tab onSurvivor = Tab.open(svc.vertx(), survivor.port(), Tokens.valid(user));
      onDoomed.ready();
      onSurvivor.ready();

      // The cluster works: a webhook taken by the survivor reaches the tab on the other node.
      String first = paid(user, ADDON_3);
      assertThat(http.webhook(survivor.port(), first)).isEqualTo(200);
      onDoomed.awaitEvents(1);
      onSurvivor.awaitEvents(1);

      // A payment is in flight on the doomed node (Mercado Pago slow) when it dies.
      String inFlight = paid(user, ADDON_5);
      svc.mp().delay(60_000);
      assertThat(http.webhook(doomed.port(), inFlight)).isEqualTo(200);
      await("not in flight").atMost(Duration.ofSeconds(10))
          .until(() -> svc.db().count("SELECT count(*) FROM inbox WHERE payment_id = '" + inFlight
              + "' AND lease_until IS NOT NULL") == 1);
      long killed = System.nanoTime();
      doomed.kill();
      svc.mp().delay(0);
      onDoomed.awaitClose(Duration.ofSeconds(20));

      // The survivor keeps delivering to its own tab...
      String afterDeath = paid(user, ADDON_10);
      assertThat(http.webhook(survivor.port(), afterDeath)).isEqualTo(200);
      // ...and finishes the dead node's payment once its lease runs out.
      List<JsonObject> seen = onSurvivor.awaitEvents(3);
      long deliveredMs = (System.nanoTime() - killed) / 1_000_000;
      assertThat(seen).extracting(e -> e.getLong("seq")).containsExactly(1L, 2L, 3L);
      assertThat(seen).extracting(e -> e.getJsonObject("data").getString("paymentId"))
          .containsExactlyInAnyOrder(first, inFlight, afterDeath);

      // The dead node's tab reconnects to the survivor with since = the last seq it saw, and misses nothing.
      long lastSeen = onDoomed.events().get(onDoomed.events().size() - 1).getLong("seq");
      try (Tab resumed = Tab.resume(svc.vertx(), survivor.port(), Tokens.valid(user), lastSeen)) {
        assertThat(resumed.ready().getJsonObject("data").getLong("lastSeq")).isEqualTo(3);
        List<JsonObject> replayed = resumed.awaitEvents(2);
        assertThat(replayed).extracting(e -> e.getLong("seq")).containsExactly(2L, 3L);
        String live = paid(user, ADDON_3);
        assertThat(http.webhook(survivor.port(), live)).isEqualTo(200);
        assertThat(resumed.awaitEvents(3).get(2).getJsonObject("data").getString("paymentId")).isEqualTo(live);
      }
      LOG.info("kill -9: the survivor delivered the dead node's in-flight payment {} ms after the kill", deliveredMs);
      assertThat(http.credits(survivor.port(), user)).isEqualTo(3 + 5 + 10 + 3);
      assertThat(http.get(survivor.port(), "/ready", null).status()).isEqualTo(200);
      assertThat(onSurvivor.closeCode()).isNull();
      onDoomed.close();
      onSurvivor.close();
    } finally {
      svc.mp().delay(0);
    }
  }

  private static String paid(String user, Plan plan) {
    String id = FakePayments.nextId();
    svc.mp().put(FakePayments.payment(id, user, plan, "approved"));
    return id;
  }
}
