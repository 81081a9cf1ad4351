package io.paynotify.bench;

import java.time.Duration;

/** The CPU time a process has used (user and system, as {@code /proc/<pid>/stat} counts it). */
final class Cpu {

  private Cpu() {
  }

  static long nanos(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos)
        .orElseThrow(() -> new IllegalStateException("no CPU time for process " + pid));
  }
}
