package io.paynotify.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.UUID;

/**
 * One Prometheus registry per node, handed to Vert.x's Micrometer metrics (HTTP, pools, JVM) and to
 * paynotify's own meters. Not Vert.x's event-bus meters: every socket is a consumer of its own, so
 * they would register meters on every connect, on the connect's hot path; paynotify's own meters count
 * sockets, deliveries and relay drops.
 */
public final class MetricsSetup {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Turns metrics on in {@code options}; build Vert.x with {@link #apply(VertxBuilder)}. */
  public VertxOptions enable(VertxOptions options) {
    return options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .setRegistryName("paynotify-" + UUID.randomUUID()));
  }

  public VertxBuilder apply(VertxBuilder builder) {
    return builder.withMetrics(new MicrometerMetricsFactory(registry));
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
