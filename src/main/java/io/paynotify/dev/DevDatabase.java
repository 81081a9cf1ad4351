package io.paynotify.dev;

import io.paynotify.config.ConfigLoader;
import io.paynotify.config.DatabaseUrl;
import io.paynotify.db.LocalPostgres;
import io.paynotify.db.PostgresBinaries;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database of development mode, decided before the configuration is read. With
 * {@code DATABASE_URL=embedded}, or with no {@code DATABASE_URL} while nothing answers at the
 * configured default (127.0.0.1:5432 unless {@code conf/config.json} says otherwise), the node starts
 * a PostgreSQL of its own from {@link PostgresBinaries}, data under {@code target/embedded-postgres},
 * and stops it when it stops. Outside development mode nothing changes here.
 */
public final class DevDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevDatabase.class);
  static final String DATABASE = "paynotify";

  private final Map<String, String> env;
  private final LocalPostgres server;

  private DevDatabase(Map<String, String> env, LocalPostgres server) {
    this.env = env;
    this.server = server;
  }

  /** Blocking (runs before Vert.x): may unpack binaries, initdb and start a server. */
  public static DevDatabase prepare(Map<String, String> env, Path workingDir) {
    String url = env.get("DATABASE_URL");
    boolean dev = List.of("true", "1", "yes", "on").contains(String.valueOf(env.get("PAYNOTIFY_DEV")).toLowerCase());
    if (!dev || (url != null && !url.isBlank() && !ConfigLoader.EMBEDDED.equals(url.strip()))) {
      return new DevDatabase(env, null);
    }
    if (url == null || url.isBlank()) {
      String fallback = ConfigLoader.fileValue("DATABASE_URL", workingDir).orElse("");
      PgConnectOptions options = fallback.isEmpty() ? null : DatabaseUrl.parse(fallback);
      if (options != null && answers(options)) {
        createDatabase(options.getHost(), options.getPort(), options.getUser(), options.getPassword(), options.getDatabase());
        return new DevDatabase(env, null);
      }
      LOG.warn("nothing answers at the default database {}: starting an embedded PostgreSQL", ConfigLoader.maskUrl(fallback));
    }
    return embedded(env, embeddedDirectory(workingDir));
  }

  /**
   * {@code target/embedded-postgres}, unless the server's OS user (root runs it as an unprivileged
   * one) cannot reach it there: then a directory of the system's temporary directory, named after
   * the working directory so that each checkout keeps its own data.
   */
  private static Path embeddedDirectory(Path workingDir) {
    Path dir = workingDir.resolve("target/embedded-postgres");
    if (LocalPostgres.reachable(dir)) {
      return dir;
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "paynotify-embedded-postgres-"
        + Integer.toHexString(workingDir.toString().hashCode()));
    LOG.warn("the embedded PostgreSQL's OS user cannot reach {}: using {} instead", dir, tmp);
    return tmp;
  }

  /** The environment the configuration is read from: with the embedded server's URL when there is one. */
  public Map<String, String> environment() {
    return env;
  }

  private static DevDatabase embedded(Map<String, String> env, Path dir) {
    try {
      LocalPostgres server = new LocalPostgres(PostgresBinaries.install(dir), dir.resolve("server"), freePort(),
          List.of("fsync=off"));
      server.initIfNeeded();
      claim(dir.resolve("owner.pid"));
      server.start();
      createDatabase("127.0.0.1", server.port(), "postgres", "", DATABASE);
      Map<String, String> withUrl = new HashMap<>(env);
      withUrl.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + server.port() + "/" + DATABASE);
      announce(server);
      return new DevDatabase(Map.copyOf(withUrl), server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the embedded PostgreSQL under " + dir, e);
    }
  }

  /**
   * One node per checkout owns the embedded server: a second one would share (and, stopping, take
   * away) the first one's database. A server whose owner is gone (a node killed with -9) is taken over.
   */
  private static void claim(Path owner) throws IOException {
    if (Files.exists(owner)) {
      long pid = Long.parseLong(Files.readString(owner).strip());
      boolean alive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(true)).isPresent();
      if (pid != ProcessHandle.current().pid() && alive) {
        throw new IllegalStateException("the embedded PostgreSQL in " + owner.getParent() + " belongs to the node "
            + "with pid " + pid + ": stop it, or give this node a DATABASE_URL");
      }
    }
    Files.writeString(owner, String.valueOf(ProcessHandle.current().pid()));
  }

  private static void announce(LocalPostgres server) {
    LOG.warn("**************************************************************************");
    LOG.warn("EMBEDDED POSTGRESQL (development mode): a server of its own on 127.0.0.1:{},", server.port());
    LOG.warn("data in {}, log in {}{}.", server.data(), server.serverLog(),
        server.runAs() == null ? "" : ", run as the OS user " + server.runAs() + " (PostgreSQL refuses root)");
    LOG.warn("It stops with this node; its data stays for the next run. Never in production.");
    LOG.warn("**************************************************************************");
  }

  private static boolean answers(PgConnectOptions options) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(options.getHost(), options.getPort()), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Creates {@code database} on that server if it is missing (as scripts/run.sh did with psql). */
  private static void createDatabase(String host, int port, String user, String password, String database) {
    String admin = "jdbc:postgresql://" + host + ":" + port + "/postgres";
    try (Connection c = DriverManager.getConnection(admin, user, password == null ? "" : password);
         PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      if (!exists.executeQuery().next()) {
        LOG.info("creating database {}", database);
        c.createStatement().execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
      }
    } catch (SQLException e) {
      LOG.warn("could not make sure database {} exists at {}:{}: {}", database, host, port, e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Stops the embedded server, if this node started one. */
  @Override
  public void close() {
    if (server != null) {
      LOG.info("stopping the embedded PostgreSQL");
      server.stop();
    }
  }
}
