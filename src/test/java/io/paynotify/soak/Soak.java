package io.paynotify.soak;

import static org.awaitility.Awaitility.await;

import io.paynotify.support.MercadoPagoDouble;
import io.paynotify.support.Delivery;
import io.paynotify.support.Http;
import io.paynotify.support.NodeProcess;
import io.paynotify.support.Plans;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The soak ({@code scripts/soak.sh [MINUTES]}): two clustered node processes from the jar, hundreds of
 * tabs that go away and resume at random, and a steady stream of payments with duplicates and refunds
 * for N minutes. Then it checks every credit and every tab against the store and prints payments,
 * credits checked, reconnects, events lost (must be 0), duplicates per tab, and each node's memory over
 * time. Everything stays on 127.0.0.1; every loop is bounded by the deadline and by a count.
 */
public final class Soak {

  private static final int PAYMENTS_PER_SECOND = 10;
  /** Each second, each open tab goes away with this probability (about once every 40 s). */
  private static final double CHURN = 1 / 40.0;

  private final Vertx vertx = Vertx.vertx();
  private final Random random = new Random(11);
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<SoakTab> tabs = new ArrayList<>();
  private volatile boolean ending;

  public static void main(String[] args) throws Exception {
    int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int tabCount = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    boolean clean = new Soak().run(Math.max(1, Math.min(minutes, 24 * 60)), Math.max(2, Math.min(tabCount, 5000)));
    System.exit(clean ? 0 : 1);
  }

  boolean run(int minutes, int tabCount) throws Exception {
    try (TestDatabase db = TestDatabase.create("soak")) {
      MercadoPagoDouble mp = MercadoPagoDouble.start(vertx);
      List<Map<String, String>> envs = TestNode.clusterEnvs(2, db, mp.url(), "soak-" + System.nanoTime());
      ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
      try {
        for (Map<String, String> env : envs) {
          nodes.add(NodeProcess.start(env));
        }
        Http http = new Http();
        nodes.forEach(n -> Delivery.awaitCluster(http, n, 2));
        List<String> users = IntStream.range(0, Math.max(1, tabCount / 3)).mapToObj(i -> "soak-" + i).toList();
        System.out.printf("paynotify soak: %d minutes, %d tabs of %d users over 2 clustered nodes, %d payments/s "
            + "(20%% notified twice, 10%% refunded later), tabs churn about every %.0f s%n",
            minutes, tabCount, users.size(), PAYMENTS_PER_SECOND, 1 / CHURN);
        openTabs(users, tabCount);
        MemorySampler memory = new MemorySampler(nodes);
        System.out.println("memory (every 30 s):");
        timers.scheduleAtFixedRate(memory::sample, 0, 30, TimeUnit.SECONDS);
        timers.scheduleAtFixedRate(this::churn, 1, 1, TimeUnit.SECONDS);
        PaymentStream stream = new PaymentStream(mp, Plans.ADDON_3, users, this::randomPort);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        CompletableFuture.runAsync(() -> stream.run(deadline, PAYMENTS_PER_SECOND)).get(minutes + 5L, TimeUnit.MINUTES);
        timers.shutdown();
        timers.awaitTermination(60, TimeUnit.SECONDS);
        memory.sample();
        return new SoakReport(db, stream, tabs).print(this::reopenAll);
      } finally {
        ending = true;
        timers.shutdownNow();
        nodes.forEach(NodeProcess::close);
        mp.close().await();
        vertx.close().await();
      }
    }
  }

  private void openTabs(List<String> users, int count) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(count * 2 + 10));
    for (int i = 0; i < count; i++) {
      SoakTab tab = new SoakTab(users.get(i % users.size()), client);
      tabs.add(tab);
      connect(tab);
    }
    await().atMost(Duration.ofSeconds(60)).alias("tabs did not open")
        .until(() -> tabs.stream().allMatch(SoakTab::isOpen));
  }

  private void connect(SoakTab tab) {
    if (ending) {
      return;
    }
    if (!tab.connect(randomPort(), () -> vertx.setTimer(500 + random.nextInt(1500), id -> connect(tab)))) {
      vertx.setTimer(500, id -> connect(tab));
    }
  }

  /** Some open tabs go away; some closed ones come back (to either node) with since. */
  private void churn() {
    try {
      churnOnce();
    } catch (RuntimeException e) {
      System.out.println("  churn failed: " + e);
    }
  }

  private void churnOnce() {
    for (SoakTab tab : tabs) {
      if (random.nextDouble() >= CHURN) {
        continue;
      }
      if (tab.disconnect()) {
        vertx.setTimer(200 + random.nextInt(3000), id -> connect(tab));
      }
    }
  }

  /** At the end: every tab that is away comes back, so that each can be checked. */
  private void reopenAll() {
    tabs.stream().filter(t -> !t.isOpen()).forEach(this::connect);
  }

  private int randomPort() {
    return nodes.get(random.nextInt(nodes.size())).port();
  }
}
