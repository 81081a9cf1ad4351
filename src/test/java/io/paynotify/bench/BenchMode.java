package io.paynotify.bench;

import java.util.List;

/** What a run measures: {@code --quick} (under five minutes) or the full benchmark. */
record BenchMode(String name, boolean idleOnly, List<Integer> idleSteps, double warmupSeconds, List<Double> latencyRates,
                 double latencySeconds, int throughputConcurrency, double throughputSeconds) {

  /** {@code --quick} or the full run; {@code --sockets=N} (one idle step of N) and
   * {@code --idle-only} (the idle figures alone, for A/B runs of memory) are for trying changes out. */
  static BenchMode of(String[] args) {
    boolean quick = List.of(args).contains("--quick");
    BenchMode mode = quick
        ? new BenchMode("quick", false, List.of(15_000), 20, List.of(200.0), 20, 64, 15)
        : new BenchMode("full", false, List.of(5_000, 10_000, 15_000), 20, List.of(50.0, 200.0, 1000.0), 30, 64, 30);
    for (String arg : args) {
      if (arg.startsWith("--sockets=")) {
        mode = new BenchMode(mode.name + "-" + arg.substring(10) + "-sockets", mode.idleOnly, List.of(Integer.parseInt(arg.substring(10))),
            mode.warmupSeconds, mode.latencyRates, mode.latencySeconds, mode.throughputConcurrency, mode.throughputSeconds);
      }
      if (arg.equals("--idle-only")) {
        mode = new BenchMode(mode.name + "-idle-only", true, mode.idleSteps, mode.warmupSeconds, mode.latencyRates,
            mode.latencySeconds, mode.throughputConcurrency, mode.throughputSeconds);
      }
    }
    return mode;
  }

  /** The sockets that connect and close before the idle phase, to warm the JIT (see {@link IdlePhase}). */
  int warmUpSockets() {
    return 6_000;
  }

  int sockets() {
    return idleSteps.get(idleSteps.size() - 1);
  }
}
