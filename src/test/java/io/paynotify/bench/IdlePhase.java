package io.paynotify.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Idle sockets on one node, in steps: after each step the node's RSS growth per socket; at the last,
 * live heap per socket after a full GC (minus the empty node); the connect rate from the first
 * upgrade to the last READY, all generators connecting at once.
 */
final class IdlePhase {

  private final BenchNode node;
  private final List<GeneratorProcess> generators;

  IdlePhase(BenchNode node, List<GeneratorProcess> generators) {
    this.node = node;
    this.generators = generators;
  }

  JsonObject run(List<Integer> steps) {
    Pause.millis(2000);
    long rss0 = node.rssBytes();
    long heap0 = node.liveHeapBytes("empty");
    JsonArray points = new JsonArray();
    int open = 0;
    double connectSeconds = 0;
    long rss = rss0;
    for (int step : steps) {
      connectSeconds += connect(step - open);
      open = step;
      Pause.millis(3000);
      rss = node.rssBytes();
      points.add(new JsonObject().put("sockets", open).put("rssBytes", rss).put("bytesPerSocket", (rss - rss0) / open));
      System.out.printf("idle: %,d sockets READY, RSS %,d -> %,d bytes: %,d bytes per socket%n", open, rss0, rss, (rss - rss0) / open);
    }
    long heap = node.liveHeapBytes(open + "-sockets");
    System.out.printf("idle: live heap after full GC %,d -> %,d bytes: %,d bytes per socket%n", heap0, heap, (heap - heap0) / open);
    return new JsonObject().put("sockets", open).put("bytesPerSocket", (rss - rss0) / open)
        .put("heapBytesPerSocket", (heap - heap0) / open).put("connectsPerSecond", Math.round(open / connectSeconds))
        .put("emptyNode", new JsonObject().put("rssBytes", rss0).put("heapBytes", heap0)).put("points", points);
  }

  /** All generators connect their share of {@code n} at once; returns first upgrade to last READY, in seconds. */
  private double connect(int n) {
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
    int dropped = generators.stream().mapToInt(g -> g.status().reconnects()).sum();
    if (dropped > 0) {
      System.out.printf("connect: WARNING %d sockets were dropped after READY (and reconnected)%n", dropped);
    }
    System.out.printf("connect: %,d sockets READY in %.2f s: %,.0f per second (%d failed attempts, retried)%n",
        n, seconds, n / seconds, failures);
    return seconds;
  }
}
