package io.paynotify;

import io.paynotify.config.AppConfig;
import io.paynotify.metrics.MetricsSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** A node's Vert.x: with its meters, on Netty's native transport where it loads, and clustered when {@code cluster} is given. */
final class NodeVertx {

  private NodeVertx() {
  }

  static Future<Vertx> build(AppConfig config, MetricsSetup metrics, HazelcastClusterManager cluster) {
    // epoll where Netty's native library loads (Linux x86-64), else NIO: Vert.x falls back by itself
    VertxOptions options = metrics.enable(new VertxOptions()).setPreferNativeTransport(true);
    if (cluster == null) {
      return Future.succeededFuture(metrics.apply(Vertx.builder().with(options)).build());
    }
    ClusterSetup.warnIfOpen(config);
    options.setEventBusOptions(ClusterSetup.eventBusOptions(config.cluster()));
    return metrics.apply(Vertx.builder().with(options)).withClusterManager(cluster).buildClustered();
  }
}
