package io.paynotify.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of {@link PostgresBinaries} in a directory of its own ({@code data/} and
 * {@code server.log}), on 127.0.0.1 only, trusting the user {@code postgres}. PostgreSQL refuses to
 * run as root ("initdb: cannot be run as root"), so a root process runs initdb and the server as an
 * unprivileged OS user through {@code runuser}: {@code postgres} where it exists, else {@code nobody}.
 */
public final class LocalPostgres {

  private final Path binaries;
  private final Path dir;
  private final int port;
  private final List<String> settings;
  private final String runAs;

  /** A server of {@code binaries} in {@code dir} (made if missing) on {@code port}, with extra {@code -c} settings. */
  public LocalPostgres(Path binaries, Path dir, int port, List<String> settings) {
    this.binaries = binaries;
    this.dir = dir;
    this.port = port;
    this.settings = List.copyOf(settings);
    this.runAs = isRoot() ? unprivilegedUser() : null;
  }

  /**
   * Whether the OS user a server would run as can reach {@code dir} (made if missing): a root
   * process's files under a private home (/root is 0700) are out of reach of the unprivileged user.
   */
  public static boolean reachable(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      return false;
    }
    return !isRoot() || exec(List.of("runuser", "-u", unprivilegedUser(), "--", "test", "-x", dir.toString())) == 0;
  }

  /** The OS user the server runs as, or null when it runs as this process's user. */
  public String runAs() {
    return runAs;
  }

  public int port() {
    return port;
  }

  public Path serverLog() {
    return dir.resolve("server.log");
  }

  public Path data() {
    return dir.resolve("data");
  }

  /** {@code initdb} unless the data directory exists already. */
  public void initIfNeeded() {
    if (Files.exists(data().resolve("PG_VERSION"))) {
      return;
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (runAs != null) {
      run(List.of("chown", "-R", runAs, dir.toString()));
    }
    pg("initdb", "-D", data().toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
  }

  /** Starts the server and waits until it accepts connections; one left running by a killed process is stopped first. */
  public void start() {
    if (running()) {
      stop();
    }
    StringBuilder options = new StringBuilder("-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''");
    settings.forEach(s -> options.append(" -c ").append(s));
    pg("pg_ctl", "-D", data().toString(), "-l", serverLog().toString(), "-w", "-t", "60", "-o", options.toString(), "start");
  }

  /** Stops the server ({@code -m fast}: open connections are cut, as in a restart). */
  public void stop() {
    pg("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop");
  }

  /** Stops the server at once ({@code -m immediate}); nothing if it was not running. */
  public void stopNow() {
    if (running()) {
      pg("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "stop");
    }
  }

  public boolean running() {
    return Files.exists(data().resolve("postmaster.pid"))
        && exec(command("pg_ctl", "-D", data().toString(), "status")) == 0;
  }

  private void pg(String program, String... args) {
    run(command(program, args));
  }

  private List<String> command(String program, String... args) {
    List<String> command = new ArrayList<>();
    if (runAs != null) {
      command.addAll(List.of("runuser", "-u", runAs, "--"));
    }
    command.add(binaries.resolve("bin").resolve(program).toString());
    command.addAll(List.of(args));
    return command;
  }

  private static void run(List<String> command) {
    StringBuilder output = new StringBuilder();
    if (exec(command, output) != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output.toString().strip());
    }
  }

  private static int exec(List<String> command) {
    return exec(command, new StringBuilder());
  }

  private static int exec(List<String> command, StringBuilder output) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      output.append(new String(p.getInputStream().readAllBytes()));
      return p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      output.append(e);
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static boolean isRoot() {
    return ProcessHandle.current().info().user().map("root"::equals).orElse(false);
  }

  private static String unprivilegedUser() {
    return exec(List.of("id", "-u", "postgres")) == 0 ? "postgres" : "nobody";
  }
}
