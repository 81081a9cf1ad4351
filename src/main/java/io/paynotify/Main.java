package io.paynotify;

import io.paynotify.config.AppConfig;
import io.paynotify.config.ConfigException;
import io.paynotify.config.ConfigLoader;
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
    AppConfig config;
    try {
      config = ConfigLoader.load(System.getenv(), Path.of("").toAbsolutePath());
    } catch (ConfigException e) {
      LOG.error(e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("configuration: {}", config.describe());
    Node node;
    try {
      node = Node.start(config, faults, true).await();
    } catch (ConfigException e) {
      LOG.error(e.getMessage());
      System.exit(2);
      return;
    } catch (Throwable e) {
      LOG.error("paynotify could not start: {}", e.toString(), e);
      System.exit(1);
      return;
    }
    String version = Main.class.getPackage().getImplementationVersion();
    LOG.info("paynotify {} started: node={} port={} cluster={} schema={}", version == null ? "dev" : version,
        node.vertx().isClustered() ? node.name() : "standalone",
        config.httpPort(), config.cluster().enabled() ? config.cluster().name() : "off", node.schemaVersion());
    long limit = config.shutdownDrain().toSeconds() + CLOSE_SECONDS;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(node, limit), "paynotify-shutdown"));
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
