package io.paynotify.security;

import static io.paynotify.support.Plans.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.notify.Addresses;
import io.paynotify.support.Http;
import io.paynotify.support.Closing;
import io.paynotify.support.Pki;
import io.paynotify.support.Ports;
import io.paynotify.support.Services;
import io.paynotify.support.Stranger;
import io.paynotify.support.Tab;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes whose event bus uses mutual TLS with one cluster CA. Processes on the same Hazelcast
 * cluster without a certificate from that CA can join Hazelcast (it has no member authentication),
 * but no event of theirs reaches a tab and no event reaches them.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterTlsIT {

  static Vertx vertx;
  static Services svc;
  static Pki ca;
  static String clusterName;
  static List<Map<String, String>> envs;
  static TestNode a;
  static TestNode b;
  static final Http HTTP = new Http();

  @BeforeAll
  static void start(Vertx classVertx) {
    vertx = classVertx;
    svc = Services.start(vertx, "clustertls");
    ca = Pki.ca("paynotify cluster CA");
    clusterName = "test-" + UUID.randomUUID();
    envs = TestNode.clusterEnvs(2, svc.db, svc.mp.url(), clusterName);
    envs.forEach(env -> {
      env.remove("CLUSTER_INSECURE");
      env.putAll(clusterTls(ca, ca.issue("node")));
    });
    a = TestNode.start(envs.get(0));
    b = TestNode.start(envs.get(1));
  }

  @AfterAll
  static void stop() {
    Closing.all(b, a, svc); // those that started
  }

  static Map<String, String> clusterTls(Pki issuer, Pki.Leaf leaf) {
    return Map.of("CLUSTER_TLS_CERT_FILE", leaf.certFile().toString(), "CLUSTER_TLS_KEY_FILE", leaf.keyFile().toString(),
        "CLUSTER_TLS_CA_FILE", issuer.caFile().toString());
  }

  static String user() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String pay(TestNode node, String user) {
    String id = FakePayments.nextId();
    svc.mp.put(FakePayments.payment(id, user, ADDON_3, "approved"));
    assertThat(HTTP.webhook(node.port(), id)).isEqualTo(200);
    return id;
  }

  static String member(TestNode node) {
    return "127.0.0.1:" + node.config().cluster().port();
  }

  @Test
  void aPaymentTakenByOneNodeReachesTabsOnBothOverMutualTls() {
    String user = user();
    try (Tab onA = Tab.open(vertx, a.port(), Tokens.valid(user)); Tab onB = Tab.open(vertx, b.port(), Tokens.valid(user))) {
      onA.ready();
      onB.ready();
      String id = pay(a, user);
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
    try (Tab onA = Tab.open(vertx, a.port(), Tokens.valid(user)); Tab onB = Tab.open(vertx, b.port(), Tokens.valid(user));
         Stranger stranger = Stranger.join(clusterName, member(a), eventBus)) {
      onA.ready();
      onB.ready();
      await("the stranger never joined").atMost(Duration.ofSeconds(30))
          .until(() -> a.app().vertx().isClustered() && HTTP.get(a.port(), "/ready", null).json() .getInteger("clusterMembers") == 3);
      Set<String> targets = new TreeSet<>(stranger.addresses());
      assertThat(targets).as("what __vertx.subs shows a stranger").contains(Addresses.RELAY);
      targets.add(Addresses.user(user));
      stranger.forge(targets, Stranger.forgedConfirmation(user, 1));
      stranger.forge(targets, Stranger.forgedConfirmation(user, 99).encode());
      stranger.listen(Addresses.RELAY); // after forging: it would hear its own publishes otherwise

      String id = pay(b, user);
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
      Map<String, String> env = TestNode.env(ownDb, svc.mp.url());
      int port = Ports.free();
      env.putAll(Map.of("CLUSTER", "true", "CLUSTER_HOST", "127.0.0.1", "CLUSTER_PORT", String.valueOf(port),
          "CLUSTER_MEMBERS", member(a) + "," + member(b) + ",127.0.0.1:" + port, "CLUSTER_NAME", clusterName));
      env.putAll(clusterTls(other, other.issue("node")));
      try (TestNode intruder = TestNode.start(env);
           Tab onA = Tab.open(vertx, a.port(), Tokens.valid(user));
           Tab onIntruder = Tab.open(vertx, intruder.port(), Tokens.valid(user))) {
        onA.ready();
        onIntruder.ready();
        // its own payment, stored in its own database: published to a cluster that refuses it
        String its = pay(intruder, user);
        onIntruder.awaitEvents(1);
        String ours = pay(a, user);
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
    for (TestNode node : List.of(a, b)) {
      assertThat(HTTP.get(node.port(), "/ready", null).status()).as("/ready of node on %d", node.port()).isEqualTo(200);
    }
    String user = user();
    try (Tab onB = Tab.open(vertx, b.port(), Tokens.valid(user))) {
      onB.ready();
      String id = pay(a, user);
      assertThat(onB.awaitEvent("PAYMENT_CONFIRMED").getJsonObject("data").getString("paymentId")).isEqualTo(id);
    }
  }
}
