package io.paynotify.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** A node's first scrape already has every known label value at zero, and the build's identity. */
class NodeMetricsTest {

  private final NodeMetrics metrics = new NodeMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

  @Test
  void labelledCountersWithKnownValuesAreServedAtZeroBeforeAnyIncrement() {
    String scrape = metrics.scrape();
    assertThat(scrape).contains(
        "paynotify_webhooks_total{result=\"bad_signature\"} 0",
        "paynotify_webhooks_total{result=\"accepted\"} 0",
        "paynotify_ws_rejects_total{reason=\"unauthorized\"} 0",
        "paynotify_relay_dropped_total{reason=\"malformed\"} 0",
        "paynotify_relay_dropped_total{reason=\"seq\"} 0",
        "paynotify_payments_needs_review_total{reason=\"amount_mismatch\"} 0",
        "paynotify_payments_needs_review_total{reason=\"unknown_plan\"} 0",
        "paynotify_gateway_calls_total{status=\"401\"} 0",
        "paynotify_gateway_calls_total{status=\"unreachable\"} 0");
    metrics.webhook("bad_signature");
    assertThat(metrics.scrape()).contains("paynotify_webhooks_total{result=\"bad_signature\"} 1");
  }

  @Test
  void buildInfoNamesTheVersionAndTheJavaRuntime() {
    assertThat(metrics.scrape()).containsPattern(
        "paynotify_build_info\\{java=\"" + Runtime.version().feature() + "[^\"]*\",version=\"[^\"]+\"} 1");
  }
}
