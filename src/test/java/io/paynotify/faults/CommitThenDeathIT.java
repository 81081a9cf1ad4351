package io.paynotify.faults;

import static io.paynotify.support.Plans.ADDON_3;
import static io.paynotify.support.Plans.ADDON_5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.config.Plan;
import io.paynotify.dev.FakePayments;
import io.paynotify.support.MercadoPagoDouble;
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
 * kill -9 between commit and publish: a node process armed with the test-only fault point
 * {@link Fault#HALT_AFTER_COMMIT} halts right after a payment's transaction commits, so
 * the event is stored but never published. The backstop still gets it to the tabs that stay connected,
 * and since the inbox row was finished in that same commit, nobody fetches or credits it again.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 300, timeUnit = TimeUnit.SECONDS)
class CommitThenDeathIT {

  private static final Logger LOG = LoggerFactory.getLogger(CommitThenDeathIT.class);

  static Vertx vertx;
  static Services svc;
  /** What the surviving node asks: it learns of a payment only once the doomed node halted, so it cannot win the race for the row. */
  static MercadoPagoDouble late;
  static final Http http = new Http();

  @BeforeAll
  static void start(Vertx classVertx) {
    vertx = classVertx;
    svc = Services.start(vertx, "commitdeath");
    late = MercadoPagoDouble.start(vertx);
  }

  @AfterAll
  static void stop() {
    late.close().await();
    svc.close();
  }

  @Test
  void aTabOnTheOtherNodeHearsOfAPaymentWhoseNodeDiedRightAfterCommittingWithinTenSecondsWithDefaultSettings() {
    List<Map<String, String>> envs = TestNode.clusterEnvs(2, svc.db, svc.mp.url(), "halt-" + UUID.randomUUID());
    envs.get(1).put("MP_API_URL", late.url());
    String user = "h-" + UUID.randomUUID().toString().substring(0, 8);
    try (NodeProcess doomed = NodeProcess.start(envs.get(0), Fault.HALT_AFTER_COMMIT);
         NodeProcess survivor = NodeProcess.start(envs.get(1))) {
      Delivery.awaitCluster(http, doomed, 2);
      Delivery.awaitCluster(http, survivor, 2);
      try (Tab first = Tab.open(vertx, survivor.port(), Tokens.valid(user));
           Tab second = Tab.open(vertx, survivor.port(), Tokens.valid(user))) {
        first.ready();
        second.ready();
        String paid = paid(user, ADDON_3);
        sendIgnoringTheCrash(doomed.port(), paid);
        assertThat(doomed.awaitExit(Duration.ofSeconds(30))).as("the fault point halted the node; its log:\n%s", doomed.log()).isTrue();
        long halted = System.nanoTime();
        late.put(svc.mp.get(paid));
        assertThat(svc.db.count("SELECT count(*) FROM events WHERE user_id = '" + user + "'")).isEqualTo(1);

        Delivery.awaitEvents(first, 1, Duration.ofSeconds(10));
        Delivery.awaitEvents(second, 1, Duration.ofSeconds(10));
        LOG.info("halt after commit: the tabs on the other node had the event {} ms after the halt",
            (System.nanoTime() - halted) / 1_000_000);
        assertThat(first.events().get(0).getString("type")).isEqualTo("PAYMENT_CONFIRMED");
        assertThat(first.events().get(0).getJsonObject("data").getString("paymentId")).isEqualTo(paid);

        // Mercado Pago retries the notification on the survivor: the credit stays exact, no new event.
        assertThat(http.webhook(survivor.port(), paid)).isEqualTo(200);
        String next = paid(user, ADDON_5);
        late.put(svc.mp.get(next));
        assertThat(http.webhook(survivor.port(), next)).isEqualTo(200);
        Delivery.awaitEvents(first, 2, Duration.ofSeconds(10));
        Delivery.awaitEvents(second, 2, Duration.ofSeconds(10));
        assertThat(http.credits(survivor.port(), user)).isEqualTo(3 + 5);
        Delivery.assertEveryEventOnce("first tab", first.events(), 2);
        Delivery.assertEveryEventOnce("second tab", second.events(), 2);
        assertThat(first.closeCode()).isNull();
        assertThat(second.closeCode()).isNull();
      }
    }
  }

  @Test
  void aNodeThatDiedRightAfterCommittingLeftItsInboxRowFinishedSoNobodyFetchesOrCreditsAgainAndTheCheckDelivers() {
    // Two unclustered nodes on one database: no event bus between them and no membership change. The
    // inbox row is finished in the payment's own transaction, so the halt leaves nothing to take over
    // (no second fetch, however long the lease) and the taker's position check (default 5 s) delivers.
    Map<String, String> envA = TestNode.env(svc.db, svc.mp.url());
    envA.put("INBOX_LEASE_SECONDS", "2");
    Map<String, String> envB = TestNode.env(svc.db, late.url());
    String user = "t-" + UUID.randomUUID().toString().substring(0, 8);
    try (NodeProcess doomed = NodeProcess.start(envA, Fault.HALT_AFTER_COMMIT);
         NodeProcess taker = NodeProcess.start(envB);
         Tab tab = Tab.open(vertx, taker.port(), Tokens.valid(user))) {
      tab.ready();
      int fetches = late.fetches();
      String paid = paid(user, ADDON_3);
      sendIgnoringTheCrash(doomed.port(), paid);
      assertThat(doomed.awaitExit(Duration.ofSeconds(30))).isTrue();
      late.put(svc.mp.get(paid));
      assertThat(svc.db.count("SELECT count(*) FROM events WHERE user_id = '" + user + "'")).isEqualTo(1);
      assertThat(svc.db.count("SELECT count(*) FROM inbox WHERE payment_id = '" + paid
          + "' AND due_at IS NULL AND outcome = 'applied'")).as("finished in the payment's commit").isEqualTo(1);

      Delivery.awaitEvents(tab, 1, Duration.ofSeconds(10));
      assertThat(tab.events().get(0).getJsonObject("data").getString("paymentId")).isEqualTo(paid);
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> late.fetches() == fetches);
      assertThat(http.credits(taker.port(), user)).isEqualTo(3);
      assertThat(svc.db.count("SELECT count(*) FROM events WHERE user_id = '" + user + "'")).isEqualTo(1);
      Delivery.assertEveryEventOnce("tab", tab.events(), 1);
    }
  }

  /** The node may halt before or after it answers; the notification is stored either way. */
  private static void sendIgnoringTheCrash(int port, String paymentId) {
    try {
      http.webhook(port, paymentId);
    } catch (RuntimeException e) {
      LOG.info("the webhook's connection ended with the node: {}", e.toString());
    }
  }

  private static String paid(String user, Plan plan) {
    String id = FakePayments.nextId();
    svc.mp.put(FakePayments.payment(id, user, plan, "approved"));
    return id;
  }
}
