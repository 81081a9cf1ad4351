package io.paynotify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CPU each thread of a process has used, in clock ticks, by thread name with digits folded
 * ({@code vert.x-eventloop-thread-#}), from {@code /proc/<pid>/task}: where an idle node's CPU goes.
 */
final class ThreadCpu {

  private static final double MS_PER_TICK = 10.0; // USER_HZ is 100 on Linux

  private ThreadCpu() {
  }

  static Map<String, Long> ticks(long pid) {
    Map<String, Long> byName = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      tasks.forEach(task -> {
        try {
          String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          byName.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      });
    } catch (IOException e) {
      return byName;
    }
    return byName;
  }

  /** Milliseconds of CPU per second of the JIT compiler threads ({@code C1/C2 CompilerThread#}). */
  static double compilerMsPerSecond(Map<String, Long> before, Map<String, Long> after, double seconds) {
    return after.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
        .mapToDouble(e -> (e.getValue() - before.getOrDefault(e.getKey(), 0L)) * MS_PER_TICK / seconds).sum();
  }

  /** Milliseconds of CPU per second by thread name between two readings {@code seconds} apart, largest first. */
  static String perSecond(Map<String, Long> before, Map<String, Long> after, double seconds) {
    TreeMap<Double, String> lines = new TreeMap<>((a, b) -> Double.compare(b, a));
    after.forEach((name, ticks) -> {
      double ms = (ticks - before.getOrDefault(name, 0L)) * MS_PER_TICK / seconds;
      if (ms > 0) {
        lines.merge(ms, name, (x, y) -> x + ", " + y);
      }
    });
    StringBuilder out = new StringBuilder();
    lines.forEach((ms, name) -> out.append(String.format("    %7.2f ms/s  %s%n", ms, name)));
    return out.toString();
  }
}
