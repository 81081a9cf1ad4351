package io.paynotify.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

/** Label values from outside land in fixed sets: an unknown one is {@code other}, one series for all. */
class LabelSetsTest {

  private final MeterRegistry registry = new MetricsSetup().registry();

  @Test
  void anUnknownHttpMethodCountsAsOther() {
    count("vertx.http.server.requests", "method", "ZZTESTA");
    count("vertx.http.server.requests", "method", "ZZTESTB");
    count("vertx.http.server.requests", "method", "GET");

    assertThat(registry.find("vertx.http.server.requests").tag("method", "other").counter().count()).isEqualTo(2);
    assertThat(registry.find("vertx.http.server.requests").counters()).hasSize(2);
  }

  @Test
  void anUnexpectedGatewayStatusCountsAsOtherAndTheExpectedOnesStay() {
    NodeMetrics metrics = new NodeMetrics(registry);
    metrics.gatewayCall("200");
    metrics.gatewayCall("429");
    metrics.gatewayCall("unreachable");
    metrics.gatewayCall("599");
    metrics.gatewayCall("999");

    // the known statuses are registered at zero from the start (KnownLabels); the unexpected ones add none
    assertThat(registry.find("paynotify.gateway.calls").counters()).extracting(c -> c.getId().getTag("status"))
        .contains("200", "429", "unreachable", "other").doesNotContain("599", "999");
    assertThat(registry.find("paynotify.gateway.calls").tag("status", "other").counter().count()).isEqualTo(2);
    assertThat(registry.find("paynotify.gateway.calls").tag("status", "200").counter().count()).isEqualTo(1);
  }

  @Test
  void leavesLabelsThatComeFromTheCodeAlone() {
    count("paynotify.ws.rejects", "reason", "user_limit");

    assertThat(registry.find("paynotify.ws.rejects").tag("reason", "user_limit").counter()).isNotNull();
  }

  private void count(String name, String key, String value) {
    Counter.builder(name).tag(key, value).register(registry).increment();
  }
}
