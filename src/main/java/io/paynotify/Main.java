package io.paynotify;

import io.paynotify.config.AppConfig;
import io.paynotify.config.ConfigException;
import io.paynotify.config.ConfigLoader;
import io.paynotify.dev.DevDatabase;
import io.paynotify.fault.Faults;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, starts one node and closes it on SIGTERM. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  /** Time beyond the drain for closing the pool and leaving the cluster. */
  private static final long CLOSE_SECONDS = 10;

  private Main() {
  }

  public static void main(String[] args) {
    run(Faults.NONE);
  }

  /** Starts the process's node with {@code faults} (a fault test's own main passes a faulty one). */
  public static void run(Faults faults) {
    Path workingDir = Path.of("").toAbsolutePath();
    DevDatabase database = database(workingDir);
    AppConfig config;
    try {
      config = ConfigLoader.load(database.environment(), workingDir);
    } catch (ConfigException e) {
      LOG.error(e.getMessage());
      database.close();
      System.exit(2);
      return;
    }
    LOG.info("configuration: {}", config.describe());
    Node node;
    try {
      node = Node.start(config, faults, true).await();
    } catch (ConfigException e) {
      LOG.error(e.getMessage());
      database.close();
      System.exit(2);
      return;
    } catch (Throwable e) {
      LOG.error("paynotify could not start: {}", e.toString(), e);
      database.close();
      System.exit(1);
      return;
    }
    String version = Main.class.getPackage().getImplementationVersion();
    LOG.info("paynotify {} started: node={} port={} cluster={} schema={} transport={}", version == null ? "dev" : version,
        node.vertx().isClustered() ? node.name() : "standalone",
        config.httpPort(), config.cluster().enabled() ? config.cluster().name() : "off", node.schemaVersion(),
        node.vertx().isNativeTransportEnabled() ? "epoll" : "nio");
    long limit = config.shutdownDrain().toSeconds() + CLOSE_SECONDS;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      shutdown(node, limit);
      database.close();
    }, "paynotify-shutdown"));
  }

  /** Development mode's database (an embedded PostgreSQL when asked for or when none answers); exits if it cannot start. */
  private static DevDatabase database(Path workingDir) {
    try {
      return DevDatabase.prepare(System.getenv(), workingDir);
    } catch (RuntimeException e) {
      LOG.error("the embedded PostgreSQL of development mode could not start: {}", e.getMessage());
      System.exit(1);
      throw e;
    }
  }

  /** Runs on the JVM's shutdown-hook thread (never an event loop), so it may wait. */
  private static void shutdown(Node node, long limitSeconds) {
    LOG.info("shutting down: refusing new work, finishing in-flight payments, closing sockets, leaving the cluster");
    long started = System.nanoTime();
    try {
      node.close().toCompletionStage().toCompletableFuture().get(limitSeconds, TimeUnit.SECONDS);
      LOG.info("stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (Exception e) {
      LOG.warn("shutdown did not finish within {} s: {}", limitSeconds, e.toString());
    }
  }
}
