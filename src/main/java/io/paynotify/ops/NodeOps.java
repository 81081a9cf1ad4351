package io.paynotify.ops;

import io.paynotify.metrics.InboxGauges;
import io.paynotify.metrics.NodeMetrics;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operations routes of one node share across its HTTP verticle instances: readiness, the
 * node's meters, and whether it is draining (shutting down: new upgrades and webhooks get 503).
 */
public final class NodeOps {

  private static final Map<Vertx, NodeOps> NODES = new ConcurrentHashMap<>();

  private final Readiness readiness;
  private final NodeMetrics metrics;
  private final InboxGauges inbox;
  private volatile boolean draining;

  public NodeOps(Readiness readiness, NodeMetrics metrics, InboxGauges inbox) {
    this.readiness = readiness;
    this.metrics = metrics;
    this.inbox = inbox;
  }

  /** Makes {@code ops} the operations state of the node {@code vertx}. */
  public static void register(Vertx vertx, NodeOps ops) {
    NODES.put(vertx, ops);
  }

  public static void unregister(Vertx vertx) {
    NODES.remove(vertx);
  }

  static NodeOps of(Vertx vertx) {
    NodeOps ops = NODES.get(vertx);
    if (ops == null) {
      throw new IllegalStateException("no operations state registered for this Vert.x instance");
    }
    return ops;
  }

  /** From now on the node refuses new upgrades and webhooks (503) and reports itself not ready. */
  public void startDraining() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }

  Readiness readiness() {
    return readiness;
  }

  NodeMetrics metrics() {
    return metrics;
  }

  InboxGauges inbox() {
    return inbox;
  }
}
