package io.paynotify.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL 15 instance of one test's own (initdb into a temporary directory, run as the
 * {@code postgres} OS user on a free port of 127.0.0.1), for tests that stop or restart the
 * database. Never the shared instance on 5432, which other tests use at the same time.
 */
public final class PrivatePostgres implements AutoCloseable {

  private static final String BIN = "/usr/lib/postgresql/15/bin/";

  private final Path dir;
  private final int port;

  private PrivatePostgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** initdb (trust authentication, fsync off: a throwaway instance) and start. */
  public static PrivatePostgres start() {
    try {
      Path dir = Files.createTempDirectory("paynotify-pg-");
      run(List.of("chown", "postgres:postgres", dir.toString()));
      PrivatePostgres pg = new PrivatePostgres(dir, Ports.free());
      pg.asPostgres(BIN + "initdb", "-D", pg.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
      pg.startServer();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  /** The server's log file (statements are logged there once {@code log_statement} says so). */
  public Path serverLog() {
    return dir.resolve("server.log");
  }

  /** Starts the stopped server again (same port, same data). */
  public void startServer() {
    asPostgres(BIN + "pg_ctl", "-D", data(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
  }

  /** Stops the server ({@code -m fast}: open connections are cut, as in a restart). */
  public void stopServer() {
    asPostgres(BIN + "pg_ctl", "-D", data(), "-m", "fast", "-w", "-t", "60", "stop");
  }

  /** Runs one SQL statement; returns the first column of the first row, or null. */
  public String query(String sql) {
    return Sql.first("jdbc:postgresql://127.0.0.1:" + port + "/postgres", sql);
  }

  public long count(String sql) {
    String value = query(sql);
    return value == null ? 0 : Long.parseLong(value);
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private void asPostgres(String... command) {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(List.of(command));
    run(full);
  }

  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server (immediately) and deletes its directory. */
  @Override
  public void close() {
    try {
      asPostgres(BIN + "pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
    } catch (IllegalStateException alreadyStopped) {
      // it was not running
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
