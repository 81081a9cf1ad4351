package io.paynotify.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drain before a node closes: refuse new upgrades and webhooks (503, {@code /ready} down), then
 * undeploy the payment side (in-flight payments finish and publish, so this node's open sockets still
 * get those events), then the HTTP edge (sockets closed with 1001, the server shut down), all within
 * the drain time. Leaving the
 * cluster is the caller's last step ({@code vertx.close()}). Nothing here blocks a thread.
 */
public final class GracefulShutdown {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  private GracefulShutdown() {
  }

  /** Drains the node; never fails. {@code deployments} are undeployed in order. */
  public static Future<Void> drain(Vertx vertx, NodeOps ops, List<String> deployments, Duration drain) {
    ops.startDraining();
    long deadline = System.nanoTime() + drain.toNanos();
    Future<Void> chain = Future.succeededFuture();
    for (String id : deployments) {
      chain = chain.compose(v -> undeploy(vertx, id, deadline));
    }
    return chain;
  }

  private static Future<Void> undeploy(Vertx vertx, String id, long deadline) {
    long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    return vertx.undeploy(id)
        .timeout(left, TimeUnit.MILLISECONDS)
        .recover(e -> {
          LOG.warn("shutdown: deployment {} did not stop in time ({})", id, e.toString());
          return Future.succeededFuture();
        });
  }
}
