package io.paynotify.soak;

import io.paynotify.support.Http;
import io.paynotify.support.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Samples each node's memory every interval: RSS (from /proc), heap in use, and live heap (in use right
 * after a full GC requested with {@code jcmd <pid> GC.run}), so a leak shows as a line that keeps rising
 * after warm-up. Heap figures come from the node's own {@code /metrics} (jvm_memory_used_bytes, heap).
 */
final class MemorySampler {

  record Sample(long atSeconds, int node, long rssMb, long heapMb, long liveHeapMb) { }

  private final List<NodeProcess> nodes;
  private final Http http = new Http();
  private final List<Sample> samples = new ArrayList<>();
  private final long started = System.nanoTime();

  MemorySampler(List<NodeProcess> nodes) {
    this.nodes = nodes;
  }

  synchronized void sample() {
    long at = (System.nanoTime() - started) / 1_000_000_000L;
    for (int i = 0; i < nodes.size(); i++) {
      NodeProcess node = nodes.get(i);
      long heap = heapBytes(node);
      fullGc(node);
      Sample s = new Sample(at, i, node.rssKb() / 1024, heap >> 20, heapBytes(node) >> 20);
      samples.add(s);
      System.out.printf("  t=%4ds node %s: RSS %4d MB, heap used %4d MB, live heap after GC %4d MB%n",
          s.atSeconds(), (char) ('A' + i), s.rssMb(), s.heapMb(), s.liveHeapMb());
    }
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  private long heapBytes(NodeProcess node) {
    long sum = 0;
    for (String line : http.get(node.port(), "/metrics", null).body().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static void fullGc(NodeProcess node) {
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          String.valueOf(node.pid()), "GC.run").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      System.out.println("  (jcmd GC.run failed: " + e + ")");
    }
  }
}
