package io.paynotify.bench;

import io.paynotify.support.MercadoPagoDouble;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark (run by {@code scripts/bench.sh}): two clustered nodes from {@code target/paynotify.jar}
 * with the flags of {@code scripts/jvm-flags}, a fresh database, the Mercado Pago stand-in and the
 * payment driver in this process, idle sockets from separate {@link Generator} processes. Phases:
 * idle, latency, throughput, storm. Prints a table and writes {@code target/bench/results.json}.
 */
public final class Bench {

  private static final int LATENCY_TABS = 100;

  private final Vertx vertx = Vertx.vertx();
  private final BenchMode mode;
  private final Set<String> received = ConcurrentHashMap.newKeySet();
  private final List<GeneratorProcess> generators = new ArrayList<>();
  private final List<BenchNode> nodes = new ArrayList<>();

  /**
   * {@code BENCH_PROFILE}: record JFR in node A's connect phase and in every generator. Its value is the
   * JFR settings: {@code profile}, or a {@code .jfc} file (e.g. one that samples every 1 ms).
   */
  static String profileSettings() {
    String value = System.getenv("BENCH_PROFILE");
    return value == null || value.isBlank() || value.equals("1") ? "profile" : value;
  }

  private Bench(BenchMode mode) {
    this.mode = mode;
  }

  public static void main(String[] args) {
    int status = 0;
    try {
      new Bench(BenchMode.of(args)).run();
    } catch (Exception | Error e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status); // Vert.x threads are not daemons
  }

  private void run() throws Exception {
    List<String> flags = BenchNode.jvmFlags();
    Results results = new Results(mode, flags);
    try (TestDatabase db = TestDatabase.create("bench")) {
      MercadoPagoDouble mp = MercadoPagoDouble.start(vertx);
      try {
        startNodes(db, mp, flags);
        BenchNode a = nodes.get(0);
        BenchNode b = nodes.get(1);
        startGenerators(a.port(), b.port());
        System.out.printf("paynotify bench (%s): %,d idle sockets from %d generator processes, node flags '%s', load %s%n",
            mode.name(), mode.sockets(), generators.size(), String.join(" ", flags), Results.loadAverage());
        results.put("idle", new IdlePhase(a, generators).run(mode.idleSteps(), mode.warmUpSockets()));
        if (mode.idleOnly()) {
          results.finish(0);
        } else {
          paymentPhases(results, mp, a, b);
        }
      } finally {
        generators.forEach(GeneratorProcess::close);
        nodes.forEach(BenchNode::close);
        mp.close().await();
      }
    }
    results.write();
    results.printTable();
  }

  private void paymentPhases(Results results, MercadoPagoDouble mp, BenchNode a, BenchNode b) {
    Payments payments = new Payments(vertx, mp, TestNode.WEBHOOK_SECRET);
    List<String> tabs = openTabs(payments, a.port());
    results.put("latency", latency(new PaymentPhases(vertx, payments, tabs), b.port()));
    results.put("throughput", new PaymentPhases(vertx, payments, tabs)
        .throughput(mode.throughputConcurrency(), mode.throughputSeconds(), List.of(a.port(), b.port())));
    results.put("storm", new StormPhase(vertx, payments, generators, received).run(a, b.port(), mode.sockets()));
    results.finish(payments.fetches());
  }

  private void startNodes(TestDatabase db, MercadoPagoDouble mp, List<String> flags) {
    for (Map<String, String> env : TestNode.clusterEnvs(2, db, mp.url(), "bench-" + System.nanoTime())) {
      // the production defaults (conf/config.json), not the small test sizes
      List.of("HTTP_INSTANCES", "DB_POOL_SIZE", "INBOX_POLL_MS", "INBOX_MAX_BACKOFF_SECONDS").forEach(env::remove);
      env.put("MAX_SOCKETS_PER_NODE", "100000");
      env.putAll(nodeEnv());
      nodes.add(BenchNode.start(env, flags));
    }
  }

  /**
   * {@code BENCH_NODE_ENV}: settings for both nodes, {@code KEY=value} separated by spaces, for A/B runs of
   * one part's cost (e.g. {@code WS_PING_INTERVAL_SECONDS=3600} or {@code WS_POSITION_CHECK_SECONDS=3600}: that part practically off).
   */
  private static Map<String, String> nodeEnv() {
    String value = System.getenv("BENCH_NODE_ENV");
    Map<String, String> env = new java.util.HashMap<>();
    if (value != null) {
      for (String pair : value.trim().split("\\s+")) {
        if (!pair.isEmpty()) {
          env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
      }
    }
    return env;
  }

  /**
   * As many generator processes as the open-file limit asks, at most 7,500 sockets each: two for the
   * 15,000 sockets of a run. Three of 5,000 took 0.65–0.73 ms of CPU per connect between them, two of
   * 7,500 0.43–0.47 ms (more threads than cores: less work done per wake-up), and the generators
   * share the machine's cores with the node. {@code BENCH_SOCKETS_PER_GENERATOR} for A/B runs.
   */
  private void startGenerators(int port, int failoverPort) throws IOException, InterruptedException {
    String wanted = System.getenv("BENCH_SOCKETS_PER_GENERATOR");
    int perProcess = Math.min(wanted == null ? 7_500 : Integer.parseInt(wanted), openFileLimit() - 1_000);
    int count = (mode.sockets() + perProcess - 1) / perProcess;
    String run = "r" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    for (int i = 0; i < count; i++) {
      generators.add(GeneratorProcess.start(i, run, port, failoverPort, received));
    }
  }

  /** {@code ulimit -Hn}: the open files one process may hold here (it cannot be raised). */
  private static int openFileLimit() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", "ulimit -Hn").start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    return out.equals("unlimited") ? 1_000_000 : Integer.parseInt(out);
  }

  /** The latency tabs, next to the idle sockets on node A. */
  private List<String> openTabs(Payments payments, int port) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(LATENCY_TABS * 2));
    BenchSocket.Listener listener = new BenchSocket.Listener() {
      @Override
      public void onPayment(String paymentId) {
        payments.arrived(paymentId);
      }
    };
    List<String> users = new ArrayList<>();
    List<Future<Void>> ready = new ArrayList<>();
    for (int i = 0; i < LATENCY_TABS; i++) {
      String user = "tab-" + System.nanoTime() + "-" + i;
      users.add(user);
      ready.add(new BenchSocket(user, Tokens.valid(user), client, listener).connect(port));
    }
    Future.all(ready).await();
    return users;
  }

  /** Warm-up (not counted), then one paced run per rate; the 200/s run is the headline figure. */
  private JsonObject latency(PaymentPhases phases, int webhookPort) {
    phases.latency(100, mode.warmupSeconds(), webhookPort);
    JsonObject headline = null;
    io.vertx.core.json.JsonArray runs = new io.vertx.core.json.JsonArray();
    for (double rate : mode.latencyRates()) {
      JsonObject run = phases.latency(rate, mode.latencySeconds(), webhookPort);
      runs.add(run);
      if (rate == 200.0) {
        headline = run.copy();
      }
    }
    return headline.put("sockets", mode.sockets() + LATENCY_TABS).put("crossNode", true).put("runs", runs);
  }
}
