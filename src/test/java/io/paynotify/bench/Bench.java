package io.paynotify.bench;

import io.paynotify.config.Plan;
import io.paynotify.dev.FakePayments;
import io.paynotify.dev.MercadoPagoStandIn;
import io.paynotify.dev.WebhookSender;
import io.paynotify.support.NodeProcess;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Benchmarks against nodes started from {@code target/paynotify.jar} (separate processes), printing
 * figures: connect rate and time to READY, node memory per idle socket, and webhook-to-tab latency
 * on one node and across two clustered nodes. Run by {@code scripts/bench.sh}.
 */
public final class Bench {

  static final Plan PLAN = new Plan("addon_3", 3, new BigDecimal("1500.00"), "ARS");

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Promise<Long>> waiting = new ConcurrentHashMap<>();
  private final int sockets;
  private final int payments;

  Bench(int sockets, int payments) {
    this.sockets = sockets;
    this.payments = payments;
  }

  public static void main(String[] args) throws Exception {
    int sockets = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int payments = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    new Bench(sockets, payments).run();
    System.exit(0);
  }

  void run() throws Exception {
    try (TestDatabase db = TestDatabase.create("bench")) {
      MercadoPagoStandIn mp = new MercadoPagoStandIn(vertx, TestNode.ACCESS_TOKEN).start().await();
      List<Map<String, String>> envs = TestNode.clusterEnvs(2, db, mp.url(), "bench-" + System.nanoTime());
      envs.forEach(e -> e.put("MAX_SOCKETS_PER_NODE", "100000"));
      List<NodeProcess> nodes = new ArrayList<>();
      try {
        nodes.add(NodeProcess.start(envs.get(0)));
        nodes.add(NodeProcess.start(envs.get(1)));
        System.out.printf("paynotify bench: %d sockets, %d payments, 2 clustered nodes on this machine (%d cores)%n",
            sockets, payments, Runtime.getRuntime().availableProcessors());
        long rssBefore = nodes.get(0).rssKb();
        connect(nodes.get(0).port(), sockets, "idle-");
        long rssAfter = nodes.get(0).rssKb();
        System.out.printf("memory: node RSS %d MB -> %d MB with %d open sockets: %.1f KB per socket%n",
            rssBefore / 1024, rssAfter / 1024, sockets, (rssAfter - rssBefore) / (double) sockets);
        latency("same node (webhook and tab on node A)", mp, nodes.get(0).port(), nodes.get(0).port());
        latency("across the cluster (webhook on B, tab on A)", mp, nodes.get(1).port(), nodes.get(0).port());
      } finally {
        nodes.forEach(NodeProcess::close);
        mp.close().await();
        vertx.close().await();
      }
    }
  }

  void connect(int port, int count, String prefix) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(count + 10));
    long start = System.nanoTime();
    int batch = 500;
    for (int from = 0; from < count; from += batch) {
      List<Future<?>> ready = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + batch); i++) {
        ready.add(openTab(client, port, prefix + i));
      }
      Future.all(ready).await();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("connect: %d sockets READY in %.2f s (%.0f per second, batches of %d)%n", count, seconds,
        count / seconds, batch);
  }

  Future<Void> openTab(WebSocketClient client, int port, String userId) {
    Promise<Void> ready = Promise.promise();
    ClientWebSocket ws = client.webSocket();
    ws.closeHandler(v -> ready.tryFail("socket closed before READY: " + ws.closeStatusCode()));
    ws.textMessageHandler(text -> onFrame(new JsonObject(text), ready));
    ws.connect(port, "127.0.0.1", "/notifications/ws?token=" + Tokens.valid(userId)).onFailure(ready::tryFail);
    return ready.future();
  }

  void onFrame(JsonObject frame, Promise<Void> ready) {
    if ("READY".equals(frame.getString("type"))) {
      ready.tryComplete();
    } else if (frame.containsKey("seq")) {
      Promise<Long> waiter = waiting.remove(frame.getJsonObject("data").getString("paymentId"));
      if (waiter != null) {
        waiter.complete(System.nanoTime());
      }
    }
  }

  void latency(String label, MercadoPagoStandIn mp, int webhookPort, int tabPort) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    String user = "lat-" + System.nanoTime();
    openTab(client, tabPort, user).await();
    WebhookSender sender = new WebhookSender(vertx.createHttpClient(), TestNode.WEBHOOK_SECRET);
    long[] micros = new long[payments];
    for (int i = 0; i < payments; i++) {
      String id = FakePayments.nextId();
      mp.put(FakePayments.payment(id, user, PLAN, "approved"));
      Promise<Long> arrived = Promise.promise();
      waiting.put(id, arrived);
      long sent = System.nanoTime();
      sender.send("127.0.0.1", webhookPort, id).await();
      micros[i] = (arrived.future().await(30, TimeUnit.SECONDS) - sent) / 1000;
    }
    Arrays.sort(micros);
    System.out.printf("latency %s: webhook sent -> event on the tab, %d payments: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        label, payments, micros[payments / 2] / 1e3, micros[payments * 95 / 100] / 1e3, micros[payments * 99 / 100] / 1e3,
        micros[payments - 1] / 1e3);
  }
}
