package io.paynotify.ops;

import io.paynotify.metrics.InboxGauges;
import io.paynotify.metrics.NodeMetrics;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;

/**
 * What the operations routes of one node share across its HTTP verticle instances: readiness, the
 * node's meters, and whether it is draining (shutting down: new upgrades and webhooks get 503).
 */
public final class NodeOps {

  private final Readiness readiness;
  private final NodeMetrics metrics;
  private final InboxGauges inbox;
  private volatile boolean draining;

  /** Readiness checks the pool and (clustered) the cluster membership, and is down while draining. */
  public NodeOps(Vertx vertx, Pool pool, HazelcastClusterManager cluster, NodeMetrics metrics, InboxGauges inbox) {
    this.readiness = new Readiness(vertx, pool, cluster, this::draining);
    this.metrics = metrics;
    this.inbox = inbox;
    metrics.gauge("paynotify.ready", "1 when the last readiness check (probe or scrape) passed", readiness::lastUp);
    if (cluster != null) {
      metrics.gauge("paynotify.cluster.members", "Hazelcast members this node sees, itself included",
          () -> clusterMembers(cluster));
    }
  }

  private static int clusterMembers(HazelcastClusterManager cluster) {
    try {
      return cluster.isActive() ? cluster.getNodes().size() : 0;
    } catch (RuntimeException e) {
      return 0; // Hazelcast is shutting down
    }
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
