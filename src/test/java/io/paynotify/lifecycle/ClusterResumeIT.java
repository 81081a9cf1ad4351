package io.paynotify.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tab;
import io.paynotify.support.TestCluster;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The resume race across a cluster: events stored and published by both nodes while tabs on one of
 * them replay; live events from the other node may overtake each other on the way.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class ClusterResumeIT {

  @RegisterExtension
  static final TestCluster cluster = TestCluster.of(2, "clusterresume")
      .env("INTERNAL_API_TOKEN", PaynotifyNode.INTERNAL_TOKEN);
  static final Http http = new Http();

  static long notify(int port, String user, int i) {
    Http.Response r = http.request("POST", port, "/internal/notify",
        Map.of("Authorization", "Bearer " + PaynotifyNode.INTERNAL_TOKEN, "content-type", "application/json"),
        new JsonObject().put("userId", user).put("type", "NOTE").put("data", new JsonObject().put("i", i)).encode());
    assertThat(r.status()).isEqualTo(202);
    return r.json().getLong("seq");
  }

  @Test
  void tabsResumingOnOneNodeWhileBothNodesPublishSeeEveryEventOnceInOrder(Vertx vertx) throws Exception {
    String user = PaynotifyNode.user();
    for (int i = 0; i < 200; i++) {
      notify(i % 2 == 0 ? cluster.node(0).port() : cluster.node(1).port(), user, i);
    }
    AtomicLong newest = new AtomicLong(200);
    List<Thread> publishers = new ArrayList<>();
    for (TestNode node : List.of(cluster.node(0), cluster.node(0), cluster.node(1), cluster.node(1))) {
      Thread t = new Thread(() -> {
        for (int i = 0; i < 75; i++) {
          newest.accumulateAndGet(notify(node.port(), user, i), Math::max);
        }
      });
      t.start();
      publishers.add(t);
    }
    List<Tab> tabs = new ArrayList<>();
    List<Long> sinces = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        long since = i % 2 == 0 ? newest.get() - 5 : i * 20L;
        tabs.add(Tab.resume(vertx, cluster.node(1).port(), Tokens.valid(user), since));
        sinces.add(since);
      }
      for (Thread t : publishers) {
        t.join(120_000);
      }
      assertThat(newest.get()).isEqualTo(500);
      long last = notify(cluster.node(0).port(), user, -1);
      for (int i = 0; i < tabs.size(); i++) {
        Tab tab = tabs.get(i);
        long since = sinces.get(i);
        await().atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(tab.events().stream().anyMatch(e -> e.getLong("seq") == last) || tab.closeCode() != null)
                .as(() -> "tab from " + since + " has " + tab.events().size()).isTrue());
        assertThat(tab.closeCode()).isNull();
        assertThat(tab.events().stream().map(e -> e.getLong("seq")).toList()).as("tab resumed from %d", since)
            .isEqualTo(LongStream.rangeClosed(since + 1, last).boxed().toList());
      }
    } finally {
      tabs.forEach(Tab::close);
    }
  }
}
