package io.paynotify.security;

import static io.paynotify.support.Plans.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.notify.Addresses;
import io.paynotify.support.Http;
import io.paynotify.support.LogCapture;
import io.paynotify.support.Scrape;
import io.paynotify.support.Stranger;
import io.paynotify.support.Tab;
import io.paynotify.support.TestCluster;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes without cluster TLS ({@code CLUSTER_INSECURE=true}): they warn at start that the cluster
 * is unauthenticated, their relay still drops (and counts) whatever no paynotify node would send, and
 * a forged seq from a stranger on the cluster never moves a tab past what the database holds.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenClusterIT {

  /** Open before the nodes start (at class initialisation): their start-up lines. */
  @RegisterExtension
  static final LogCapture startLog = LogCapture.of("io.paynotify");
  @RegisterExtension
  static final TestCluster cluster = TestCluster.of(2, "opencluster");
  static final Http HTTP = new Http();

  @Test
  void eachNodeWarnsOnceThatItsClusterIsUnauthenticated() {
    assertThat(startLog.lines().stream().filter(l -> l.startsWith("WARN the cluster is unauthenticated"))).hasSize(2);
    assertThat(startLog.lines()).noneMatch(l -> l.contains("CLUSTER_NAME is the default")); // the name is set here
  }

  @Test
  void theRelayDropsAndCountsForgeriesThatNoNodeWouldSend() {
    String user = "o-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject good = Stranger.forgedConfirmation(user, 1);
    List<Object> malformed = List.of("PAYMENT_CONFIRMED", new JsonArray().add(good), good.copy().put("data", "x"),
        good.copy().put("userId", "u".repeat(129)), good.copy().put("userId", 42),
        good.copy().put("seq", 0), good.copy().put("seq", "7"), good.copy().put("seq", 1.5),
        good.copy().put("type", "READY"), good.copy().put("type", "payment_confirmed"));
    double before = dropped(cluster.node(0));
    try (Tab tab = Tab.open(cluster.vertx(), cluster.node(0).port(), Tokens.valid(user));
         Stranger stranger = Stranger.join(cluster.name(), "127.0.0.1:" + cluster.node(0).config().cluster().port(), new EventBusOptions())) {
      tab.ready();
      for (Object forgery : malformed) {
        stranger.vertx.eventBus().publish(Addresses.RELAY, forgery);
      }
      // the control: one well-formed forgery after them, on the same connection, with the very next
      // seq, arrives (this is what cluster TLS closes); once it is there, each malformed one before it
      // was dropped
      stranger.vertx.eventBus().publish(Addresses.RELAY, good);
      assertThat(tab.awaitEvents(1)).extracting(e -> e.getJsonObject("data").getString("paymentId"))
          .containsExactly("forged-1");
      assertThat(dropped(cluster.node(0)) - before).isEqualTo(malformed.size());
      Scrape scrape = Scrape.of(HTTP, cluster.node(0).port());
      for (String reason : List.of("malformed", "user_id", "seq", "type")) {
        assertThat(scrape.value("paynotify_relay_dropped_total{reason=\"" + reason + "\"}")).as(reason).isPositive();
      }
    }
    assertThat(HTTP.get(cluster.node(0).port(), "/ready", null).status()).isEqualTo(200);
    assertThat(realPaymentReachesTheOtherNode()).isTrue();
  }

  @Test
  void aForgedSeqFarAheadNeitherShowsATabAnythingNorHidesItsRealEvents() {
    String user = "o-" + UUID.randomUUID().toString().substring(0, 8);
    double unconfirmedBefore = Scrape.of(HTTP, cluster.node(0).port()).value("paynotify_ws_live_unconfirmed_total");
    try (Tab tab = Tab.open(cluster.vertx(), cluster.node(0).port(), Tokens.valid(user));
         Stranger stranger = Stranger.join(cluster.name(), "127.0.0.1:" + cluster.node(0).config().cluster().port(), new EventBusOptions())) {
      tab.ready();
      stranger.vertx.eventBus().publish(Addresses.RELAY, Stranger.forgedConfirmation(user, 1_000));
      await().atMost(Duration.ofSeconds(10)).until(() ->
          Scrape.of(HTTP, cluster.node(0).port()).value("paynotify_ws_live_unconfirmed_total") > unconfirmedBefore);

      String id = FakePayments.nextId();
      cluster.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
      assertThat(HTTP.webhook(cluster.node(1).port(), id)).isEqualTo(200);

      JsonObject real = tab.awaitEvent("PAYMENT_CONFIRMED");
      assertThat(real.getLong("seq")).isEqualTo(1L);
      assertThat(real.getJsonObject("data").getString("paymentId")).isEqualTo(id);
      assertThat(tab.events()).noneMatch(e -> e.encode().contains("forged-"));
    }
  }

  static double dropped(TestNode node) {
    Scrape scrape = Scrape.of(HTTP, node.port());
    return List.of("malformed", "user_id", "seq", "type").stream()
        .mapToDouble(r -> scrape.value("paynotify_relay_dropped_total{reason=\"" + r + "\"}")).sum();
  }

  static boolean realPaymentReachesTheOtherNode() {
    String user = "o-" + UUID.randomUUID().toString().substring(0, 8);
    try (Tab onB = Tab.open(cluster.vertx(), cluster.node(1).port(), Tokens.valid(user))) {
      onB.ready();
      String id = FakePayments.nextId();
      cluster.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
      assertThat(HTTP.webhook(cluster.node(0).port(), id)).isEqualTo(200);
      return id.equals(onB.awaitEvent("PAYMENT_CONFIRMED").getJsonObject("data").getString("paymentId"));
    }
  }
}
