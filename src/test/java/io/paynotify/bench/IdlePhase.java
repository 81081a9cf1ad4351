package io.paynotify.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Idle sockets on one node, in steps: after each step the node's RSS growth per socket; at the last,
 * live heap per socket after a full GC (minus the empty node) and the node's CPU while the sockets
 * are held idle (pings, position checks and all, against the empty node's own idle CPU); the connect
 * rate from the first upgrade to the last READY, all generators connecting at once.
 */
final class IdlePhase {

  /** How long the empty node's own idle CPU is counted (JVM, Hazelcast, timers: what no socket costs). */
  private static final int EMPTY_HOLD_SECONDS = 20;
  /** Before either CPU window: the JIT compilers finish what the connects gave them (seconds of CPU otherwise counted as idle). */
  private static final long SETTLE_MILLIS = 20_000;

  private final BenchNode node;
  private final List<GeneratorProcess> generators;
  private double nodeCpuMs;
  private double generatorCpuMs;

  IdlePhase(BenchNode node, List<GeneratorProcess> generators) {
    this.node = node;
    this.generators = generators;
  }

  JsonObject run(List<Integer> steps, int warmUp) {
    Pause.millis(2000);
    long coldRss = node.rssBytes();
    long coldHeap = node.liveHeapBytes("cold-empty");
    double coldRate = warmUp(warmUp);
    long heap0 = node.liveHeapBytes("empty"); // a full GC: the warm-up's sockets are gone
    long rss0 = node.rssBytes();
    double[] emptyCpu = cpuMsPerSecond(EMPTY_HOLD_SECONDS);
    System.out.printf("idle: the empty node uses %.2f ms of CPU per second (%.2f without the JIT compilers)%n",
        emptyCpu[0], emptyCpu[1]);
    System.out.printf("idle: empty node RSS %,d bytes cold, %,d bytes after the warm-up; live heap %,d and %,d bytes%n",
        coldRss, rss0, coldHeap, heap0);
    JsonArray points = new JsonArray();
    int open = 0;
    double connectSeconds = 0;
    long rss = coldRss;
    boolean profile = System.getenv("BENCH_PROFILE") != null;
    for (int step : steps) {
      if (profile) {
        node.recording("connect-" + step, true);
      }
      connectSeconds += connect(step - open);
      if (profile) {
        node.recording("connect-" + step, false);
      }
      open = step;
      Pause.millis(3000);
      rss = node.rssBytes();
      points.add(new JsonObject().put("sockets", open).put("rssBytes", rss).put("bytesPerSocket", (rss - coldRss) / open));
      System.out.printf("idle: %,d sockets READY, RSS %,d (cold empty node) -> %,d bytes: %,d bytes per socket%n",
          open, coldRss, rss, (rss - coldRss) / open);
    }
    double[] heldCpu = cpuMsPerSecond(holdSeconds());
    double thousands = open / 1000.0;
    double per1000 = heldCpu[1] / thousands;
    double netPer1000 = (heldCpu[1] - emptyCpu[1]) / thousands;
    System.out.printf("idle: %,d sockets held %d s: node CPU %.2f ms per second (%.2f without the JIT compilers):"
        + " %.3f ms per second per 1,000 sockets, %.3f above the empty node's (all threads: %.3f)%n",
        open, holdSeconds(), heldCpu[0], heldCpu[1], per1000, netPer1000, heldCpu[0] / thousands);
    rss = node.rssBytes(); // after the hold: what pings and checks made the heap touch counts too
    System.out.printf("idle: after the hold RSS %,d bytes: %,d bytes per socket%n", rss, (rss - coldRss) / open);
    long heap = node.liveHeapBytes(open + "-sockets");
    System.out.printf("idle: live heap after full GC %,d -> %,d bytes: %,d bytes per socket%n", heap0, heap, (heap - heap0) / open);
    return new JsonObject().put("sockets", open).put("bytesPerSocket", (rss - coldRss) / open)
        .put("heapBytesPerSocket", (heap - heap0) / open).put("connectsPerSecond", Math.round(open / connectSeconds))
        .put("cpuMsPerSecondPer1000", round3(per1000)).put("cpuMsPerSecondPer1000AboveEmpty", round3(netPer1000))
        .put("cpuMsPerSecondPer1000WithJit", round3(heldCpu[0] / thousands))
        .put("holdSeconds", holdSeconds())
        .put("nodeCpuMsPerConnect", Math.round(nodeCpuMs * 1000) / 1000.0)
        .put("generatorCpuMsPerConnect", Math.round(generatorCpuMs * 1000) / 1000.0)
        .put("warmUp", new JsonObject().put("sockets", warmUp).put("connectsPerSecond", Math.round(coldRate)))
        .put("emptyNode", new JsonObject().put("rssBytes", coldRss).put("rssBytesAfterWarmUp", rss0).put("heapBytes", heap0)
            .put("coldHeapBytes", coldHeap).put("cpuMsPerSecond", round3(emptyCpu[1]))
            .put("cpuMsPerSecondWithJit", round3(emptyCpu[0])))
        .put("points", points);
  }

  /**
   * The node's CPU (user and system) over {@code seconds} of doing nothing asked of it, in ms per
   * second: all of it, and without the JIT compiler threads (they finish compiling what the connects
   * made hot, once, and vary from run to run by tens of ms per second: a node up for hours has none).
   */
  private double[] cpuMsPerSecond(int seconds) {
    Pause.millis(SETTLE_MILLIS);
    long cpu = node.cpuNanos();
    Map<String, Long> threads = ThreadCpu.ticks(node.pid());
    long start = System.nanoTime();
    Pause.millis(seconds * 1000L);
    double elapsed = (System.nanoTime() - start) / 1e9;
    Map<String, Long> after = ThreadCpu.ticks(node.pid());
    System.out.print("idle: the node's threads, CPU over " + seconds + " s:\n" + ThreadCpu.perSecond(threads, after, elapsed));
    double all = (node.cpuNanos() - cpu) / 1e6 / elapsed;
    return new double[] {all, all - ThreadCpu.compilerMsPerSecond(threads, after, elapsed)};
  }

  /** {@code BENCH_IDLE_HOLD_SECONDS}: how long the sockets are held idle while the node's CPU is counted (60 s). */
  private static int holdSeconds() {
    String value = System.getenv("BENCH_IDLE_HOLD_SECONDS");
    return value == null || value.isBlank() ? 60 : Integer.parseInt(value);
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /**
   * Before the measured connects, {@code n} sockets of other users connect and close again, spread
   * over the generators, on node A and then on node B: a node that has been up a while has compiled its connect path, a fresh JVM
   * has not. RSS growth is counted from the cold node (so it includes the compiled code and what
   * the warm-up's garbage made the heap grow by: the conservative figure; counted from the warm node
   * it would fall below the live heap, whose pages the warm-up had already touched); live heap from
   * the warm node after a full GC. Returns node A's cold connect rate (warm generators).
   */
  private double warmUp(int n) {
    // node B first: the generators' own JIT warm-up is not counted against node A's cold rate (a
    // load generator is never cold in front of a real node), and the storm's survivor has served sockets
    generators.forEach(g -> g.warmUp(n / generators.size(), true));
    generators.forEach(GeneratorProcess::warmedUp);
    generators.forEach(g -> g.warmUp(n / generators.size(), false));
    long slowest = generators.stream().mapToLong(GeneratorProcess::warmedUp).max().orElseThrow();
    double rate = (n / generators.size() * generators.size()) / (slowest / 1e9);
    System.out.printf("warm-up: %,d sockets READY and closed again on node B, then on node A: %,.0f per second on the cold node A%n",
        n, rate);
    Pause.millis(2000);
    return rate;
  }

  /** All generators connect their share of {@code n} at once; returns first upgrade to last READY, in seconds. */
  private double connect(int n) {
    long nodeCpu = node.cpuNanos();
    long generatorCpu = generators.stream().mapToLong(GeneratorProcess::cpuNanos).sum();
    int share = n / generators.size();
    for (int i = 0; i < generators.size(); i++) {
      generators.get(i).connect(i == 0 ? n - share * (generators.size() - 1) : share);
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    int failures = 0;
    for (GeneratorProcess g : generators) {
      GeneratorProcess.Connected c = g.connected();
      first = Math.min(first, c.firstUpgradeNanos());
      last = Math.max(last, c.lastReadyNanos());
      failures += c.failures();
    }
    double seconds = (last - first) / 1e9;
    nodeCpuMs = (node.cpuNanos() - nodeCpu) / 1e6 / n;
    generatorCpuMs = (generators.stream().mapToLong(GeneratorProcess::cpuNanos).sum() - generatorCpu) / 1e6 / n;
    int dropped = generators.stream().mapToInt(g -> g.status().reconnects()).sum();
    if (dropped > 0) {
      System.out.printf("connect: WARNING %d sockets were dropped after READY (and reconnected)%n", dropped);
    }
    System.out.printf("connect: %,d sockets READY in %.2f s: %,.0f per second (%d failed attempts, retried);"
        + " CPU per connect: node %.3f ms, generators %.3f ms%n", n, seconds, n / seconds, failures, nodeCpuMs, generatorCpuMs);
    return seconds;
  }
}
