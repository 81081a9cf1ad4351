package io.paynotify.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.support.Http;
import io.paynotify.support.Ports;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Development mode on a machine without PostgreSQL: the node (the jar, in a working directory of its
 * own) starts a PostgreSQL of its own when nothing answers at the configured default database, or
 * when DATABASE_URL=embedded, says so in its log, is ready on it, keeps its data for the next run and
 * stops it when it stops. Outside development mode DATABASE_URL=embedded is refused.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EmbeddedDatabaseIT {

  static final Path JAR = Path.of("target/paynotify.jar").toAbsolutePath();

  @TempDir
  Path workDir;

  @Test
  void withNothingAtTheDefaultDatabaseADevelopmentNodeRunsOnAnEmbeddedOneAndStopsIt() throws Exception {
    // a checkout the server's unprivileged OS user can reach (JUnit makes temporary directories 0700)
    Files.setPosixFilePermissions(workDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    int closed = closedPort();
    Files.createDirectories(workDir.resolve("conf"));
    Files.writeString(workDir.resolve("conf/config.json"),
        "{\"DATABASE_URL\":\"postgresql://postgres@127.0.0.1:" + closed + "/paynotify\"}");
    Path pid = workDir.resolve("target/embedded-postgres/server/data/postmaster.pid");

    runAndStop(Map.of("PAYNOTIFY_DEV", "true"), "nothing answers at the default database");
    assertThat(pid).doesNotExist();
    assertThat(workDir.resolve("target/embedded-postgres/server/data/PG_VERSION")).exists();

    // the data stays: a second run (DATABASE_URL=embedded this time) starts on it again
    runAndStop(Map.of("PAYNOTIFY_DEV", "true", "DATABASE_URL", "embedded"), "EMBEDDED POSTGRESQL");
    assertThat(pid).doesNotExist();
  }

  @Test
  void aSecondNodeOfTheSameCheckoutDoesNotTakeTheFirstOnesDatabase() throws Exception {
    Files.setPosixFilePermissions(workDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    int port = Ports.free();
    Process first = start(Map.of("PAYNOTIFY_DEV", "true", "DATABASE_URL", "embedded"), port);
    Http http = new Http();
    try {
      await().atMost(Duration.ofSeconds(180)).until(() -> !first.isAlive() || ready(http, port));
      Path firstLog = Files.move(workDir.resolve("node.log"), workDir.resolve("first.log"));
      Process second = start(Map.of("PAYNOTIFY_DEV", "true", "DATABASE_URL", "embedded"), Ports.free());
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).isEqualTo(1);
      assertThat(log()).contains("belongs to the node with pid " + first.pid());
      assertThat(ready(http, port)).as(() -> read(firstLog)).isTrue();
    } finally {
      first.destroy();
      first.waitFor(60, TimeUnit.SECONDS);
      http.close();
    }
  }

  @Test
  void outsideDevelopmentModeEmbeddedIsRefused() throws Exception {
    Process node = start(Map.of("DATABASE_URL", "embedded", "JWT_SECRET", "0123456789abcdef0123",
        "MP_WEBHOOK_SECRET", "whsec", "MP_ACCESS_TOKEN", "APP_USR-x"), Ports.free());
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).isEqualTo(2);
    assertThat(log()).contains("DATABASE_URL=embedded (a PostgreSQL under target/) is for development mode only");
    assertThat(workDir.resolve("target/embedded-postgres")).doesNotExist();
  }

  private void runAndStop(Map<String, String> env, String said) throws Exception {
    int port = Ports.free();
    Process node = start(env, port);
    Http http = new Http();
    try {
      await().atMost(Duration.ofSeconds(180)).until(() -> !node.isAlive() || ready(http, port));
      assertThat(node.isAlive()).as(this::log).isTrue();
      assertThat(log()).contains(said, "EMBEDDED POSTGRESQL (development mode)", "Never in production");
      assertThat(http.get(port, "/users/me/credits", null).status()).isEqualTo(401); // a node that serves
    } finally {
      node.destroy(); // SIGTERM: the node drains, then stops its database
      assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
      http.close();
    }
    assertThat(log()).contains("stopping the embedded PostgreSQL");
  }

  private Process start(Map<String, String> env, int port) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "--add-modules", "java.se", "-jar", JAR.toString())).directory(workDir.toFile());
    pb.environment().remove("DATABASE_URL");
    pb.environment().remove("PAYNOTIFY_DEV");
    pb.environment().putAll(env);
    pb.environment().put("HTTP_PORT", String.valueOf(port));
    return pb.redirectErrorStream(true).redirectOutput(workDir.resolve("node.log").toFile()).start();
  }

  private static boolean ready(Http http, int port) {
    try {
      return http.get(port, "/ready", null).status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A port nothing listens on: bound and released at once. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private String log() {
    return read(workDir.resolve("node.log"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
