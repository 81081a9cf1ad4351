package io.paynotify.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A paynotify node in its own JVM, started from {@code target/paynotify.jar} exactly as in production
 * (build it first: failsafe runs after {@code package}). For tests where a process must die.
 */
public final class NodeProcess implements AutoCloseable {

  private static final Path JAR = Path.of("target/paynotify.jar");

  private final Process process;
  private final int port;
  private final Path log;

  private NodeProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** What a node process that ended left behind: its exit status (-1: still running) and its output. */
  public record Exit(int status, String output) { }

  /** Starts a node with this environment and waits until {@code GET /health} answers 200. */
  public static NodeProcess start(Map<String, String> env) {
    return start(env, List.of());
  }

  /** The same, with extra JVM options (the bench's heap and GC flags, say). */
  public static NodeProcess start(Map<String, String> env, List<String> jvmOptions) {
    List<String> launch = new ArrayList<>(jvmOptions);
    launch.addAll(List.of("-jar", JAR.toString()));
    return started(env, launch);
  }

  /** The same, a node built with {@code fault} (the jar's classes, started by the test tree's {@link FaultyNode}). */
  public static NodeProcess start(Map<String, String> env, Fault fault) {
    return started(env, List.of(
        // what the jar's manifest gives a -jar launch
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
        // the jar's logging, not the tests' logback-test.xml that test-classes also holds
        "-Dlogback.configurationFile=logback.xml",
        "-cp", JAR + java.io.File.pathSeparator + "target/test-classes", FaultyNode.class.getName(), fault.name()));
  }

  private static NodeProcess started(Map<String, String> env, List<String> launch) {
    NodeProcess node = launch(env, launch);
    node.awaitHealthy(Duration.ofSeconds(90));
    return node;
  }

  /** Runs a node that is expected to end by itself (a failed start) and waits for its end. */
  public static Exit run(Map<String, String> env, Duration timeout) {
    NodeProcess node = launch(env, List.of("-jar", JAR.toString()));
    int status = node.waitFor(timeout);
    Exit exit = new Exit(status, node.log());
    node.close();
    return exit;
  }

  /** {@code launch}: what follows the JVM's common options (the jar, or a class path and main class). */
  private static NodeProcess launch(Map<String, String> env, List<String> launch) {
    try {
      if (!Files.exists(JAR)) {
        throw new IllegalStateException("target/paynotify.jar is missing: run ./mvnw package first");
      }
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m", "--add-modules", "java.se"));
      command.addAll(launch);
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().putAll(env);
      Path log = Files.createTempFile("paynotify-node-", ".log");
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      return new NodeProcess(pb.start(), Integer.parseInt(env.get("HTTP_PORT")), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitHealthy(Duration timeout) {
    Http http = new Http();
    await().atMost(timeout).untilAsserted(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("node exited with " + process.exitValue() + " before it was healthy; log:\n" + log());
      }
      assertThat(healthy(http)).as(() -> "node on port " + port + " healthy; log:\n" + log()).isTrue();
    });
  }

  private boolean healthy(Http http) {
    try {
      return http.get(port, "/health", null).status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The node's output so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Resident memory of the process in KiB, from {@code /proc}. */
  public long rssKb() {
    try {
      return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
          .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the process to end by itself (e.g. a test-only fault halted it); false if still alive. */
  public boolean awaitExit(Duration timeout) {
    return waitFor(timeout) != -1 || !process.isAlive();
  }

  /** {@code kill -9}: the node dies without any chance to clean up. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
  }

  /** {@code SIGTERM}; returns the exit code, or -1 if it had not exited within {@code timeout}. */
  public int terminate(Duration timeout) {
    process.destroy();
    return waitFor(timeout);
  }

  private int waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    if (process.isAlive() && terminate(Duration.ofSeconds(30)) == -1) {
      kill();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temp file left behind is harmless
    }
  }
}
