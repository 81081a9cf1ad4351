package io.paynotify.flow;

import static io.paynotify.support.Plans.ADDON_10;
import static io.paynotify.support.Plans.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.config.Plan;
import io.paynotify.dev.FakePayments;
import io.paynotify.dev.WebhookSender;
import io.paynotify.support.Http;
import io.paynotify.support.Tab;
import io.paynotify.support.TestCluster;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two Hazelcast-clustered nodes in one JVM sharing one database. */
@ExtendWith(VertxExtension.class)
class ClusterIT {

  @RegisterExtension
  static final TestCluster cluster = TestCluster.of(2, "cluster");
  static final Http http = new Http();

  static String user() {
    return "c-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String approved(String userId, Plan plan) {
    String id = FakePayments.nextId();
    cluster.mp().put(FakePayments.payment(id, userId, plan, "approved"));
    return id;
  }

  @Test
  void deliversToTabsOnBothNodesWhicheverNodeTookTheWebhook() {
    String user = user();
    String other = user();
    List<Tab> tabs = List.of(Tab.open(cluster.vertx(), cluster.node(0).port(), Tokens.valid(user)), Tab.open(cluster.vertx(), cluster.node(1).port(), Tokens.valid(user)),
        Tab.open(cluster.vertx(), cluster.node(1).port(), Tokens.valid(user)));
    List<Tab> others = List.of(Tab.open(cluster.vertx(), cluster.node(0).port(), Tokens.valid(other)), Tab.open(cluster.vertx(), cluster.node(1).port(), Tokens.valid(other)));
    try {
      tabs.forEach(Tab::ready);
      others.forEach(Tab::ready);

      String viaB = approved(user, ADDON_3);
      assertThat(http.webhook(cluster.node(1).port(), viaB)).isEqualTo(200);
      // a webhook is answered once stored and processed afterwards: let the first one land before the
      // second, or the two may commit in either order (both orders are correct, the seqs are not)
      tabs.forEach(tab -> tab.awaitEvents(1));
      String viaA = approved(user, ADDON_10);
      assertThat(http.webhook(cluster.node(0).port(), viaA)).isEqualTo(200);
      for (Tab tab : tabs) {
        List<JsonObject> events = tab.awaitEvents(2);
        assertThat(events).extracting(e -> e.getLong("seq")).containsExactly(1L, 2L);
        assertThat(events).extracting(e -> e.getJsonObject("data").getString("paymentId")).containsExactly(viaB, viaA);
        assertThat(events.get(1).getJsonObject("data").getLong("totalCredits")).isEqualTo(13);
      }

      // The other user's own payment, published after ours from the same nodes, arrives after anything
      // of ours could have: once it is there, nothing of ours reached them.
      String marker = approved(other, ADDON_3);
      assertThat(http.webhook(cluster.node(0).port(), marker)).isEqualTo(200);
      for (Tab tab : others) {
        List<JsonObject> events = tab.awaitEvents(1);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getJsonObject("data").getString("paymentId")).isEqualTo(marker);
      }
    } finally {
      tabs.forEach(Tab::close);
      others.forEach(Tab::close);
    }
  }

  @Test
  void twentyConcurrentNotificationsOfOnePaymentOverBothNodesCreditOnce() {
    String user = user();
    try (Tab onA = Tab.open(cluster.vertx(), cluster.node(0).port(), Tokens.valid(user)); Tab onB = Tab.open(cluster.vertx(), cluster.node(1).port(), Tokens.valid(user))) {
      onA.ready();
      onB.ready();
      String id = approved(user, ADDON_10);
      WebhookSender sender = new WebhookSender(cluster.vertx().createHttpClient(), TestNode.WEBHOOK_SECRET);
      List<Future<HttpClientResponse>> sent = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        sent.add(sender.send("127.0.0.1", i % 2 == 0 ? cluster.node(0).port() : cluster.node(1).port(), id));
      }
      Future.all(sent).await();
      assertThat(sent).allSatisfy(f -> assertThat(f.result().statusCode()).isEqualTo(200));
      await("notifications not all processed").atMost(Duration.ofSeconds(20))
          .until(() -> cluster.db().count("SELECT count(*) FROM inbox WHERE payment_id = '" + id + "' AND due_at IS NULL") == 1);

      String marker = approved(user, ADDON_3);
      assertThat(http.webhook(cluster.node(1).port(), marker)).isEqualTo(200);
      for (Tab tab : List.of(onA, onB)) {
        List<JsonObject> events = tab.awaitEvents(2);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).getJsonObject("data").getString("paymentId")).isEqualTo(id);
        assertThat(events.get(1).getJsonObject("data").getString("paymentId")).isEqualTo(marker);
      }
      assertThat(http.credits(cluster.node(0).port(), user)).isEqualTo(13);
      assertThat(cluster.db().count("SELECT count(*) FROM events WHERE user_id = '" + user + "'")).isEqualTo(2);
      assertThat(cluster.db().count("SELECT credits_granted FROM payments WHERE payment_id = '" + id + "'")).isEqualTo(10);
    }
  }
}
