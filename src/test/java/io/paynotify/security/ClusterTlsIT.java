package io.paynotify.security;

import static io.paynotify.support.Plans.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.notify.Addresses;
import io.paynotify.support.Http;
import io.paynotify.support.Pki;
import io.paynotify.support.Ports;
import io.paynotify.support.Stranger;
import io.paynotify.support.Tab;
import io.paynotify.support.TestCluster;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes whose event bus uses mutual TLS with one cluster CA. Processes on the same Hazelcast
 * cluster without a certificate from that CA can join Hazelcast (it has no member authentication),
 * but no event of theirs reaches a tab and no event reaches them.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterTlsIT {

  static final Pki ca = Pki.ca("paynotify cluster CA");
  @RegisterExtension
  static final TestCluster cluster = TestCluster.of(2, "clustertls")
      .env(env -> {
        env.remove("CLUSTER_INSECURE");
        env.putAll(clusterTls(ca, ca.issue("node")));
      });
  static final Http HTTP = new Http();

  static Map<String, String> clusterTls(Pki issuer, Pki.Leaf leaf) {
    return Map.of("CLUSTER_TLS_CERT_FILE", leaf.certFile().toString(), "CLUSTER_TLS_KEY_FILE", leaf.keyFile().toString(),
        "CLUSTER_TLS_CA_FILE", issuer.caFile().toString());
  }

  static String user() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String pay(TestNode node, String user) {
    String id = FakePayments.nextId();
    cluster.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
    assertThat(HTTP.webhook(node.port(), id)).isEqualTo(200);
    return id;
  }

  static String member(TestNode node) {
    return "127.0.0.1:" + node.config().cluster().port();
  }

  @Test
  void aPaymentTakenByOneNodeReachesTabsOnBothOverMutualTls() {
    String user = user();
    try (Tab onA = Tab.open(cluster.vertx(), cluster.node(0).port(), Tokens.valid(user)); Tab onB = Tab.open(cluster.vertx(), cluster.node(1).port(), Tokens.valid(user))) {
      onA.ready();
      onB.ready();
      String id = pay(cluster.node(0), user);
      for (Tab tab : List.of(onA, onB)) {
        assertThat(tab.awaitEvent("PAYMENT_CONFIRMED").getJsonObject("data").getString("paymentId")).isEqualTo(id);
      }
    }
  }

  @Test
  void aStrangerWithoutACertificateJoinsHazelcastButCannotInjectOrListen() {
    strangerCannotInjectOrListen(new EventBusOptions());
  }

  @Test
  void aStrangerWithACertificateFromAnotherCaCannotInjectOrListen() {
    Pki other = Pki.ca("paynotify cluster CA");
    Pki.Leaf leaf = other.issue("node");
    strangerCannotInjectOrListen(new EventBusOptions().setSsl(true).setTrustAll(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(leaf.certFile().toString())
            .setKeyPath(leaf.keyFile().toString())));
  }

  private void strangerCannotInjectOrListen(EventBusOptions eventBus) {
    String user = user();
    try (Tab onA = Tab.open(cluster.vertx(), cluster.node(0).port(), Tokens.valid(user)); Tab onB = Tab.open(cluster.vertx(), cluster.node(1).port(), Tokens.valid(user));
         Stranger stranger = Stranger.join(cluster.name(), member(cluster.node(0)), eventBus)) {
      onA.ready();
      onB.ready();
      await("the stranger never joined").atMost(Duration.ofSeconds(30))
          .until(() -> cluster.node(0).app().vertx().isClustered() && HTTP.get(cluster.node(0).port(), "/ready", null).json() .getInteger("clusterMembers") == 3);
      Set<String> targets = new TreeSet<>(stranger.addresses());
      assertThat(targets).as("what __vertx.subs shows a stranger").contains(Addresses.RELAY);
      targets.add(Addresses.user(user));
      stranger.forge(targets, Stranger.forgedConfirmation(user, 1));
      stranger.forge(targets, Stranger.forgedConfirmation(user, 99).encode());
      stranger.listen(Addresses.RELAY); // after forging: it would hear its own publishes otherwise

      String id = pay(cluster.node(1), user);
      for (Tab tab : List.of(onA, onB)) {
        List<JsonObject> events = tab.awaitEvents(1);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getJsonObject("data").getString("paymentId")).isEqualTo(id);
      }
      assertThat(stranger.heard).as("what the stranger overheard").isEmpty();
      assertHealthy();
    }
    assertHealthy();
  }

  @Test
  void aNodeWithACertificateFromAnotherCaCannotDeliverToTheOthersNorHearThem() {
    Pki other = Pki.ca("paynotify cluster CA");
    String user = user();
    try (TestDatabase ownDb = TestDatabase.create("clustertls_other")) {
      Map<String, String> env = TestNode.env(ownDb, cluster.mp().url());
      int port = Ports.free();
      env.putAll(Map.of("CLUSTER", "true", "CLUSTER_HOST", "127.0.0.1", "CLUSTER_PORT", String.valueOf(port),
          "CLUSTER_MEMBERS", member(cluster.node(0)) + "," + member(cluster.node(1)) + ",127.0.0.1:" + port, "CLUSTER_NAME", cluster.name()));
      env.putAll(clusterTls(other, other.issue("node")));
      try (TestNode intruder = TestNode.start(env);
           Tab onA = Tab.open(cluster.vertx(), cluster.node(0).port(), Tokens.valid(user));
           Tab onIntruder = Tab.open(cluster.vertx(), intruder.port(), Tokens.valid(user))) {
        onA.ready();
        onIntruder.ready();
        // its own payment, stored in its own database: published to a cluster that refuses it
        String its = pay(intruder, user);
        onIntruder.awaitEvents(1);
        String ours = pay(cluster.node(0), user);
        assertThat(onA.awaitEvents(1)).hasSize(1);
        assertThat(onA.events().get(0).getJsonObject("data").getString("paymentId")).isEqualTo(ours);
        // a second payment of its own, after ours was published: ours would have arrived first
        String marker = pay(intruder, user);
        List<JsonObject> heard = onIntruder.awaitEvents(2);
        assertThat(heard).extracting(e -> e.getJsonObject("data").getString("paymentId")).containsExactly(its, marker);
        assertThat(onA.events()).hasSize(1);
      }
    }
    assertHealthy();
  }

  static void assertHealthy() {
    for (TestNode node : List.of(cluster.node(0), cluster.node(1))) {
      assertThat(HTTP.get(node.port(), "/ready", null).status()).as("/ready of node on %d", node.port()).isEqualTo(200);
    }
    String user = user();
    try (Tab onB = Tab.open(cluster.vertx(), cluster.node(1).port(), Tokens.valid(user))) {
      onB.ready();
      String id = pay(cluster.node(0), user);
      assertThat(onB.awaitEvent("PAYMENT_CONFIRMED").getJsonObject("data").getString("paymentId")).isEqualTo(id);
    }
  }
}
