package io.paynotify.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The bench's handle on one {@link Generator} process: commands on its stdin, answers from its stdout. */
final class GeneratorProcess implements AutoCloseable {

  /** A {@code CONNECTED} answer. */
  record Connected(int sockets, long firstUpgradeNanos, long lastReadyNanos, int failures) { }

  /** A {@code STATUS} answer. */
  record Status(int ready, int sockets, long lastReadyNanos, int reconnects) { }

  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final String prefix;

  private GeneratorProcess(Process process, String prefix, Set<String> payments) {
    this.process = process;
    this.prefix = prefix;
    this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> read(payments), "generator-" + prefix);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts generator {@code index}: users {@code <run>-g<index>-<i>}, source addresses 127.(index+1).0.1..8. */
  static GeneratorProcess start(int index, String run, int port, int failoverPort, Set<String> payments) {
    String prefix = run + "-g" + index + "-";
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx600m", "-XX:+UseSerialGC"));
    if (System.getenv("BENCH_PROFILE") != null) {
      command.add("-XX:StartFlightRecording=settings=" + Bench.profileSettings() + ",filename=" + Path.of("target/bench/generator-" + index + ".jfr").toAbsolutePath());
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Generator.class.getName(),
        String.valueOf(port), String.valueOf(failoverPort), prefix, "127." + (index + 1) + ".0.1", "8", "64",
        System.getenv().getOrDefault("BENCH_GENERATOR_LOOPS", "2")));
    try {
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      GeneratorProcess generator = new GeneratorProcess(process, prefix, payments);
      generator.await("UP", 60);
      return generator;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** CPU time the generator's process has used so far, in nanoseconds. */
  long cpuNanos() {
    return Cpu.nanos(process.pid());
  }

  String userId(int i) {
    return prefix + i;
  }

  /** Sends {@code CONNECT n}; call {@link #connected()} for the answer. */
  void connect(int n) {
    commands.println("CONNECT " + n);
  }

  /** Sends {@code WARMUP n} (to the failover port: {@code WARMUP n failover}); call {@link #warmedUp()} for the answer. */
  void warmUp(int n, boolean failover) {
    commands.println("WARMUP " + n + (failover ? " failover" : ""));
  }

  /** The nanoseconds the warm-up's connects took. */
  long warmedUp() {
    return Long.parseLong(await("WARMUP", 600).split(" ")[2]);
  }

  /** From now on dropped sockets reconnect to the failover port. */
  void failover() {
    commands.println("FAILOVER");
    await("FAILOVER", 30);
  }

  Connected connected() {
    String[] f = await("CONNECTED", 600).split(" ");
    return new Connected(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Integer.parseInt(f[4]));
  }

  Status status() {
    commands.println("STATUS");
    String[] f = await("STATUS", 30).split(" ");
    return new Status(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]), Integer.parseInt(f[4]));
  }

  private String await(String what, int seconds) {
    try {
      String line = answers.poll(seconds, TimeUnit.SECONDS);
      if (line == null || !line.startsWith(what)) {
        throw new IllegalStateException("generator " + prefix + ": expected " + what + ", got " + line);
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void read(Set<String> payments) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("EVENT ")) {
          payments.add(line.substring(6));
        } else if (line.matches("(UP|WARMUP|CONNECTED|STATUS|FAILOVER)( .*)?")) {
          answers.add(line);
        } else {
          System.err.println("[" + prefix + "] " + line); // the generator's own log
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  @Override
  public void close() {
    commands.println("QUIT");
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
