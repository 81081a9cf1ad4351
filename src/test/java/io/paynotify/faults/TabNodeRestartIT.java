package io.paynotify.faults;

import static io.paynotify.support.Plans.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Delivery;
import io.paynotify.support.Http;
import io.paynotify.support.NodeProcess;
import io.paynotify.support.Services;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node that holds the tabs is killed (-9) and started again while payments keep flowing through
 * the other node. Half the tabs resume at once on the other node, the other half wait for the
 * restarted one; each resumes with {@code since} = the last seq it saw, and across its connections
 * every tab ends up with every event exactly once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 400, timeUnit = TimeUnit.SECONDS)
class TabNodeRestartIT {

  private static final int TABS = 4;

  @RegisterExtension
  static final Services svc = Services.named("tabrestart");
  static final Http http = new Http();

  /** One browser tab across its connections: what it saw on each, in order. */
  static final class ResumingTab {
    final List<Tab> connections = new ArrayList<>();

    List<JsonObject> events() {
      return connections.stream().flatMap(c -> c.events().stream()).toList();
    }

    long lastSeq() {
      List<JsonObject> seen = events();
      return seen.isEmpty() ? 0 : seen.get(seen.size() - 1).getLong("seq");
    }

    void resumeOn(int port, String user) {
      Tab tab = Tab.resume(svc.vertx(), port, Tokens.valid(user), lastSeq());
      tab.ready();
      connections.add(tab);
    }
  }

  @Test
  void tabsOfARestartedNodeResumeOnEitherNodeWithSinceAndMissNothing() throws Exception {
    List<Map<String, String>> envs = svc.clusterEnvs(2);
    String user = "n-" + UUID.randomUUID().toString().substring(0, 8);
    NodeProcess holder = NodeProcess.start(envs.get(0));
    try (NodeProcess other = NodeProcess.start(envs.get(1))) {
      Delivery.awaitCluster(http, other, 2);
      List<ResumingTab> tabs = new ArrayList<>();
      for (int i = 0; i < TABS; i++) {
        ResumingTab tab = new ResumingTab();
        tab.resumeOn(holder.port(), user);
        tabs.add(tab);
      }
      AtomicBoolean flowing = new AtomicBoolean(true);
      AtomicInteger paid = new AtomicInteger();
      CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
        while (flowing.get()) {
          String id = FakePayments.nextId();
          svc.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
          Delivery.webhookUntilAccepted(http, other::port, id, Duration.ofSeconds(60));
          paid.incrementAndGet();
        }
      });
      await().atMost(Duration.ofSeconds(30)).alias("no flow")
        .until(() -> paid.get() >= 5 && tabs.get(0).events().size() >= 3);

      holder.kill();
      tabs.forEach(t -> t.connections.get(0).awaitClose(Duration.ofSeconds(20)));
      tabs.get(0).resumeOn(other.port(), user);
      tabs.get(1).resumeOn(other.port(), user);
      holder = NodeProcess.start(envs.get(0));
      Delivery.awaitCluster(http, holder, 2);
      tabs.get(2).resumeOn(holder.port(), user);
      tabs.get(3).resumeOn(holder.port(), user);
      int target = paid.get() + 5;
      await().atMost(Duration.ofSeconds(60)).alias("no flow after the restart")
        .until(() -> paid.get() >= target);
      flowing.set(false);
      stream.get(60, TimeUnit.SECONDS);

      long total = paid.get();
      for (int i = 0; i < TABS; i++) {
        ResumingTab tab = tabs.get(i);
        await().atMost(Duration.ofSeconds(30))
        .until(() -> tab.events().size() >= total);
        Delivery.assertEveryEventOnce("tab " + i + " across its connections", tab.events(), total);
        assertThat(tab.connections.get(1).closeCode()).isNull();
      }
      assertThat(http.credits(other.port(), user)).isEqualTo(3 * total);
      tabs.forEach(t -> t.connections.forEach(Tab::close));
    } finally {
      holder.close();
    }
  }
}
