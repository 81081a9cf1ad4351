package io.paynotify.faults;

import static io.paynotify.support.Plans.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Delivery;
import io.paynotify.support.Fault;
import io.paynotify.support.Http;
import io.paynotify.support.NodeProcess;
import io.paynotify.support.Services;
import io.paynotify.support.Tab;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lost messages between nodes: one node of two is armed with the test-only fault point
 * {@link Fault#DROP_RELAY} and drops every event the cluster relay brings it. No node
 * dies and the membership never changes, so only the periodic position check (default settings)
 * can get those events to the tabs that stay connected to it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 300, timeUnit = TimeUnit.SECONDS)
class RelayLossIT {

  private static final Logger LOG = LoggerFactory.getLogger(RelayLossIT.class);
  private static final int PAYMENTS = 5;

  static Vertx vertx;
  static Services svc;
  static final Http http = new Http();

  @BeforeAll
  static void start(Vertx classVertx) {
    vertx = classVertx;
    svc = Services.start(vertx, "relayloss");
  }

  @AfterAll
  static void stop() {
    svc.close();
  }

  @Test
  void tabsOnANodeThatLosesEveryRelayMessageStillGetEachEventOnceWithinTenSeconds() {
    List<Map<String, String>> envs = TestNode.clusterEnvs(2, svc.db, svc.mp.url(), "relay-" + UUID.randomUUID());
    String user = "r-" + UUID.randomUUID().toString().substring(0, 8);
    try (NodeProcess deaf = NodeProcess.start(envs.get(0), Fault.DROP_RELAY);
         NodeProcess healthy = NodeProcess.start(envs.get(1))) {
      Delivery.awaitCluster(http, deaf, 2);
      Delivery.awaitCluster(http, healthy, 2);
      try (Tab deafOne = Tab.open(vertx, deaf.port(), Tokens.valid(user));
           Tab deafTwo = Tab.open(vertx, deaf.port(), Tokens.valid(user));
           Tab live = Tab.open(vertx, healthy.port(), Tokens.valid(user))) {
        List.of(deafOne, deafTwo, live).forEach(Tab::ready);
        long worstMs = 0;
        for (int n = 1; n <= PAYMENTS; n++) {
          String id = FakePayments.nextId();
          svc.mp.put(FakePayments.payment(id, user, ADDON_3, "approved"));
          // Every other payment is taken by the deaf node itself: its own publish is dropped too.
          int port = n % 2 == 0 ? deaf.port() : healthy.port();
          long sent = System.nanoTime();
          assertThat(http.webhook(port, id)).isEqualTo(200);
          Delivery.awaitEvents(live, n, Duration.ofSeconds(10));
          Delivery.awaitEvents(deafOne, n, Duration.ofSeconds(10));
          Delivery.awaitEvents(deafTwo, n, Duration.ofSeconds(10));
          worstMs = Math.max(worstMs, (System.nanoTime() - sent) / 1_000_000);
          assertThat(deafOne.events().get(n - 1).getJsonObject("data").getString("paymentId")).isEqualTo(id);
        }
        LOG.info("relay loss: the slowest of {} events reached the deaf node's tabs {} ms after its webhook",
            PAYMENTS, worstMs);
        assertThat(http.credits(healthy.port(), user)).isEqualTo(3L * PAYMENTS);
        Delivery.assertEveryEventOnce("deaf tab 1", deafOne.events(), PAYMENTS);
        Delivery.assertEveryEventOnce("deaf tab 2", deafTwo.events(), PAYMENTS);
        Delivery.assertEveryEventOnce("live tab", live.events(), PAYMENTS);
        assertThat(List.of(deafOne, deafTwo, live)).allSatisfy(tab -> assertThat(tab.closeCode()).isNull());
      }
    }
  }
}
