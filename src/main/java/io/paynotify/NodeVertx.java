package io.paynotify;

import io.paynotify.config.AppConfig;
import io.paynotify.metrics.MetricsSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** A node's Vert.x: with its meters, and clustered when {@code cluster} is given. */
final class NodeVertx {

  private NodeVertx() {
  }

  static Future<Vertx> build(AppConfig config, MetricsSetup metrics, HazelcastClusterManager cluster) {
    VertxOptions options = metrics.enable(new VertxOptions());
    if (cluster == null) {
      return Future.succeededFuture(metrics.apply(Vertx.builder().with(options)).build());
    }
    ClusterSetup.warnIfOpen(config);
    options.setEventBusOptions(ClusterSetup.eventBusOptions(config.cluster()));
    return metrics.apply(Vertx.builder().with(options)).withClusterManager(cluster).buildClustered();
  }
}
