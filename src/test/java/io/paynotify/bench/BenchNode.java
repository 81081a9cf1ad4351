package io.paynotify.bench;

import io.paynotify.support.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A node process under benchmark: started with the flags of {@code scripts/jvm-flags}; its memory as the bench reads it. */
final class BenchNode implements AutoCloseable {

  private final NodeProcess process;

  private BenchNode(NodeProcess process) {
    this.process = process;
  }

  static BenchNode start(Map<String, String> env, List<String> jvmFlags) {
    return new BenchNode(NodeProcess.start(env, jvmFlags));
  }

  /** The node JVM flags: {@code BENCH_JVM_FLAGS} if set (for A/B runs), else {@code scripts/jvm-flags}. */
  static List<String> jvmFlags() {
    String override = System.getenv("BENCH_JVM_FLAGS");
    try {
      String text = override != null ? override : String.join(" ", Files.readAllLines(Path.of("scripts/jvm-flags")).stream()
          .filter(l -> !l.isBlank() && !l.trim().startsWith("#")).toList());
      return Arrays.stream(text.trim().split("\\s+")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return process.port();
  }

  /** CPU time the node's process has used so far (user and system), in nanoseconds. */
  long cpuNanos() {
    return Cpu.nanos(process.pid());
  }

  long pid() {
    return process.pid();
  }

  long rssBytes() {
    return process.rssKb() * 1024;
  }

  /**
   * Live heap in bytes: {@code jcmd <pid> GC.class_histogram} runs a full GC first and ends with the
   * total; the whole histogram is kept in {@code target/bench/histogram-<label>.txt}.
   */
  long liveHeapBytes(String label) {
    try {
      String out = jcmd(List.of("GC.class_histogram"));
      Files.createDirectories(Path.of("target/bench"));
      Files.writeString(Path.of("target/bench/histogram-" + label + ".txt"), out);
      String total = out.lines().filter(l -> l.startsWith("Total")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no histogram total from jcmd: " + out));
      String[] f = total.trim().split("\\s+");
      return Long.parseLong(f[2]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts or stops a JFR recording (profile settings) in the node: {@code jcmd <pid> JFR.start|JFR.stop};
   * the file is {@code target/bench/<label>.jfr} (read it with {@link JfrTop}).
   */
  void recording(String label, boolean start) {
    Path file = Path.of("target/bench", label + ".jfr").toAbsolutePath();
    List<String> command = start
        ? List.of("JFR.start", "name=" + label, "settings=" + Bench.profileSettings())
        : List.of("JFR.stop", "name=" + label, "filename=" + file);
    jcmd(command);
  }

  private String jcmd(List<String> arguments) {
    try {
      List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          String.valueOf(process.pid())));
      command.addAll(arguments);
      Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  void kill() {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }
}
