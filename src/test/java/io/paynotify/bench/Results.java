package io.paynotify.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The figures of one run: printed as a table and written to {@code target/bench/results.json}. */
final class Results {

  private final JsonObject json = new JsonObject();

  Results(BenchMode mode, List<String> nodeFlags) {
    json.put("machine", new JsonObject().put("cores", Runtime.getRuntime().availableProcessors())
        .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
        .put("flags", String.join(" ", nodeFlags)).put("memTotal", memTotal())
        .put("loadAtStart", loadAverage()).put("date", Instant.now().toString()).put("mode", mode.name()));
  }

  void put(String section, JsonObject figures) {
    json.put(section, figures);
  }

  void finish(int mercadoPagoFetches) {
    json.getJsonObject("machine").put("loadAtEnd", loadAverage()).put("mercadoPagoFetches", mercadoPagoFetches);
  }

  void write() {
    try {
      Path out = Path.of("target/bench/results.json");
      Files.createDirectories(out.getParent());
      Files.writeString(out, json.encodePrettily());
      System.out.println("written: " + out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void printTable() {
    JsonObject idle = json.getJsonObject("idle");
    JsonObject machine = json.getJsonObject("machine");
    System.out.printf("%n| figure | value | target (scripts/bench.sh) |%n|---|---|---|%n");
    double rssKb = idle.getLong("bytesPerSocket") / 1024.0;
    double heapKb = idle.getLong("heapBytesPerSocket") / 1024.0;
    row("RSS per idle socket (" + idle.getInteger("sockets") + " sockets, from the cold node)", String.format("%.1f KB", rssKb),
        atMost(rssKb, "BENCH_TARGET_RSS_KB", " KB"));
    row("live heap per idle socket (after full GC)", String.format("%.1f KB", heapKb), atMost(heapKb, "BENCH_TARGET_HEAP_KB", " KB"));
    row("idle CPU, ms per second per 1,000 sockets (" + idle.getInteger("holdSeconds")
        + " s hold, JIT compilers left out; above the empty node's; with the JIT compilers)",
        idle.getDouble("cpuMsPerSecondPer1000") + " (" + idle.getDouble("cpuMsPerSecondPer1000AboveEmpty") + "; "
        + idle.getDouble("cpuMsPerSecondPer1000WithJit") + ")",
        atMost(idle.getDouble("cpuMsPerSecondPer1000"), "BENCH_TARGET_IDLE_CPU", " ms"));
    row("connects per second, warm (first upgrade to last READY)", idle.getLong("connectsPerSecond"),
        atLeast(idle.getLong("connectsPerSecond"), "BENCH_TARGET_WARM_CONNECTS"));
    long cold = idle.getJsonObject("warmUp").getLong("connectsPerSecond");
    row("connects per second, cold node (its warm-up, generators warm)", cold, atLeast(cold, "BENCH_TARGET_COLD_CONNECTS"));
    if (json.containsKey("storm")) {
      JsonObject latency = json.getJsonObject("latency");
      JsonObject throughput = json.getJsonObject("throughput");
      JsonObject storm = json.getJsonObject("storm");
      row("latency at " + latency.getDouble("paymentsPerSecond") + "/s cross-node, " + latency.getInteger("sockets")
          + " sockets: p50 / p99 / p99.9", latency.getDouble("p50Ms") + " / " + latency.getDouble("p99Ms") + " / "
          + latency.getDouble("p999Ms") + " ms", "p99 " + atMost(latency.getDouble("p99Ms"), "BENCH_TARGET_P99_MS", " ms"));
      row("payments per second end to end (webhook answer p99)", throughput.getLong("paymentsPerSecond") + " ("
          + throughput.getDouble("webhookAnswerP99Ms") + " ms)", atLeast(throughput.getLong("paymentsPerSecond"), "BENCH_TARGET_PAYMENTS"));
      boolean none = storm.getLong("lost") == 0;
      row("storm: " + storm.getInteger("sockets") + " sockets READY again after kill -9 (lost)", storm.getDouble("seconds")
          + " s (" + storm.getLong("lost") + " of " + storm.getInteger("eventsSent") + ")",
          atMost(storm.getDouble("seconds"), "BENCH_TARGET_STORM_SECONDS", " s") + (none ? ", 0 lost: met" : ", 0 lost: NOT met"));
    }
    System.out.printf("%nmachine: %d cores, %s, node flags '%s', load %s at start, %s at end%n", machine.getInteger("cores"),
        machine.getString("jvm"), machine.getString("flags"), machine.getString("loadAtStart"), machine.getString("loadAtEnd"));
  }

  /** "<= target unit: met" or "NOT met"; empty when the target is not set (the bench run without scripts/bench.sh). */
  private static String atMost(double value, String target, String unit) {
    String t = System.getenv(target);
    return t == null ? "" : "<= " + t + unit + (value <= Double.parseDouble(t) ? ": met" : ": NOT met");
  }

  private static String atLeast(double value, String target) {
    String t = System.getenv(target);
    return t == null ? "" : ">= " + t + (value >= Double.parseDouble(t) ? ": met" : ": NOT met");
  }

  private static void row(String figure, Object value, String target) {
    System.out.printf("| %s | %s | %s |%n", figure, value, target);
  }

  static String loadAverage() {
    String[] f = firstLine("/proc/loadavg").split(" ");
    return f.length < 3 ? "unknown" : f[0] + " " + f[1] + " " + f[2];
  }

  private static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("MemTotal:\\s+", "");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String firstLine(String file) {
    try {
      return Files.readAllLines(Path.of(file)).get(0);
    } catch (IOException e) {
      return "unknown";
    }
  }
}
