package io.paynotify.bench;

import io.paynotify.support.MercadoPagoDouble;
import io.paynotify.support.Http;
import io.paynotify.support.NodeProcess;
import io.paynotify.support.Scrape;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What the position check (the live path's backstop) costs: one node process with N idle sockets of N
 * distinct users (each with a stored history), measured once with the check at its slowest (3600 s:
 * practically off) and once at the default 5 s. Prints the node's CPU over a window, the queries per
 * second and the time per check from the node's own meters, and the time of one batch query. The
 * window holds the periodic (recent) checks only: the full check that reads every user's position
 * runs when a loop starts (before the sockets connect) and then every 5 minutes, and its cost is
 * that of its batch queries (about one per 2000 users of a loop), timed at the end.
 * Run with the test classpath as {@code scripts/bench.sh} does (see docs/benchmarks.md).
 */
public final class PositionCheckBench {

  private static final int WINDOW_SECONDS = 60;

  public static void main(String[] args) throws Exception {
    int sockets = args.length > 0 ? Integer.parseInt(args[0]) : 15_000;
    Vertx vertx = Vertx.vertx();
    try (TestDatabase db = TestDatabase.create("poscheck")) {
      MercadoPagoDouble mp = MercadoPagoDouble.start(vertx);
      System.out.printf("position check cost: %d idle sockets of %d users on one node (2 event loops), "
          + "%d cores, %d s windows%n", sockets, sockets, Runtime.getRuntime().availableProcessors(), WINDOW_SECONDS);
      double off = measure(vertx, db, mp, sockets, 3600, "pc-off-");
      double on = measure(vertx, db, mp, sockets, 5, "pc-on-");
      System.out.printf("cost of the check at 5 s: %.2f%% of one core (%.2f%% -> %.2f%%)%n", on - off, off, on);
      batchQuery(db, "pc-on-");
      mp.close().await();
    } finally {
      vertx.close().await();
    }
    System.exit(0);
  }

  private static double measure(Vertx vertx, TestDatabase db, MercadoPagoDouble mp, int sockets, int seconds,
                                String prefix) throws Exception {
    Map<String, String> env = TestNode.env(db, mp.url());
    env.put("MAX_SOCKETS_PER_NODE", "100000");
    env.put("MAX_SOCKETS_PER_USER", "16");
    env.put("WS_POSITION_CHECK_SECONDS", String.valueOf(seconds));
    try (NodeProcess node = NodeProcess.start(env)) {
      db.query("INSERT INTO accounts (user_id, credits, last_seq) SELECT '" + prefix + "' || g, 3, 5"
          + " FROM generate_series(0, " + (sockets - 1) + ") g ON CONFLICT DO NOTHING");
      WebSocketClient client = connect(vertx, node.port(), sockets, prefix);
      Thread.sleep(10_000);
      Http http = new Http();
      Scrape before = Scrape.of(http, node.port());
      long ticks = cpuTicks(node.pid());
      long started = System.nanoTime();
      Thread.sleep(WINDOW_SECONDS * 1000L);
      double elapsed = (System.nanoTime() - started) / 1e9;
      double cpu = (cpuTicks(node.pid()) - ticks) / 100.0 / elapsed * 100;
      Scrape after = Scrape.of(http, node.port());
      double checks = delta(before, after, "paynotify_ws_position_checks_seconds_count");
      double checkSeconds = delta(before, after, "paynotify_ws_position_checks_seconds_sum");
      double queries = delta(before, after, "paynotify_ws_position_queries_total");
      double caughtUp = delta(before, after, "paynotify_ws_position_catchups_total");
      System.out.printf("  check every %4d s: node CPU %.2f%% of one core; %.0f checks (%.2f/s), %.0f queries "
          + "(%.2f/s), %.1f ms per check on average (first query to last answer, per event loop), "
          + "%.0f sockets caught up%n", seconds, cpu, checks, checks / elapsed, queries, queries / elapsed,
          checks == 0 ? 0 : checkSeconds / checks * 1000, caughtUp);
      client.close().await();
      return cpu;
    }
  }

  /** Opens {@code count} sockets of distinct users, 500 at a time, each until its READY. */
  private static WebSocketClient connect(Vertx vertx, int port, int count, String prefix) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(count + 10));
    for (int from = 0; from < count; from += 500) {
      List<Future<?>> ready = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + 500); i++) {
        Promise<Void> readyOne = Promise.promise();
        ClientWebSocket ws = client.webSocket();
        ws.textMessageHandler(text -> readyOne.tryComplete());
        ws.closeHandler(v -> readyOne.tryFail("closed before READY"));
        ws.connect(port, "127.0.0.1", "/notifications/ws?token=" + Tokens.valid(prefix + i)).onFailure(readyOne::tryFail);
        ready.add(readyOne.future());
      }
      Future.all(ready).await();
    }
    return client;
  }

  private static double delta(Scrape before, Scrape after, String series) {
    return after.value(series) - before.value(series);
  }

  /** utime + stime of the process, in clock ticks (1/100 s). */
  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** The one query of a full check's batch (2000 users), timed from here: PostgreSQL's side of the cost. */
  private static void batchQuery(TestDatabase db, String prefix) throws Exception {
    String[] ids = IntStream.range(0, 2000).mapToObj(i -> prefix + i).toArray(String[]::new);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db.name(), "postgres", null);
         PreparedStatement st = c.prepareStatement("SELECT user_id, last_seq FROM accounts WHERE user_id = ANY(?)")) {
      Array array = c.createArrayOf("text", ids);
      long total = 0;
      int runs = 50;
      for (int i = 0; i < runs + 10; i++) {
        long t = System.nanoTime();
        st.setArray(1, array);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            rs.getLong(2);
          }
        }
        total += i >= 10 ? System.nanoTime() - t : 0;
      }
      System.out.printf("one batch query (2000 users, JDBC from this process): %.2f ms on average%n",
          total / (double) runs / 1e6);
    }
  }
}
