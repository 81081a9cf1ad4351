package io.paynotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tab;
import io.paynotify.support.TestCluster;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every metric the Prometheus alert rules name is one that {@code /metrics} of a running (clustered)
 * node serves from its start (labelled counters at zero, so an alert on any increase sees the first
 * one), and every metric of the Grafana dashboard once the node has done a bit of everything.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricNamesIT {

  @RegisterExtension
  static final TestCluster cluster = TestCluster.of(1, "metricnames");

  static final Pattern METRIC = Pattern.compile("\\b((?:paynotify|jvm|vertx|process)_[a-z0-9_]+)\\b");

  @Test
  void everyMetricOfTheDashboardAndTheAlertsIsServed(Vertx vertx) throws Exception {
    String dashboard = Files.readString(Path.of("deploy/grafana/paynotify.json"));
    new JsonObject(dashboard); // parses
    Set<String> named = namedIn(dashboard);
    named.addAll(namedIn(Files.readString(Path.of("deploy/prometheus/alerts.yaml"))));
    assertThat(named).contains("paynotify_ws_open_sockets", "paynotify_inbox_oldest_due_seconds",
        "paynotify_cluster_members", "paynotify_ready", "jvm_memory_used_bytes");
    TestNode node = cluster.node(0);
    Set<String> alerting = namedIn(Files.readString(Path.of("deploy/prometheus/alerts.yaml")));
    String first = new Http().get(node.port(), "/metrics", null).body();
    assertThat(served(first)).as("served by a node that has done nothing yet").containsAll(alerting)
        .contains("paynotify_build_info");
    assertThat(first).contains("paynotify_webhooks_total{result=\"bad_signature\"} 0",
        "paynotify_payments_needs_review_total{reason=\"unknown_plan\"} 0");
    Set<String> served = served(exercise(vertx, node));
    assertThat(served).containsAll(named);
  }

  /** A socket, a refused upgrade, a payment credited and delivered, a bad signature; then a scrape. */
  private static String exercise(Vertx vertx, TestNode node) {
    Http http = new Http();
    String user = PaynotifyNode.user();
    String id = String.valueOf(7_000_000_000L + System.nanoTime() % 1_000_000);
    try (Tab tab = Tab.open(vertx, node.port(), Tokens.valid(user))) {
      tab.ready();
      assertThat(Tab.upgradeStatus(vertx, node.port(), "token=bad")).isEqualTo(401);
      cluster.mp().put(PaynotifyNode.payment(id, user, PaynotifyNode.ADDON_3, "approved", OffsetDateTime.now()));
      assertThat(http.webhook(node.port(), id)).isEqualTo(200);
      tab.awaitEvent("PAYMENT_CONFIRMED");
      http.rawWebhook(node.port(), "?data.id=1&type=payment", "ts=1,v1=00", "r", "{}");
    }
    await().atMost(Duration.ofSeconds(10)).alias("a processing latency recorded")
        .until(() -> http.get(node.port(), "/metrics", null).body().contains("paynotify_processing_latency_seconds_count"));
    return http.get(node.port(), "/metrics", null).body();
  }

  static Set<String> namedIn(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Metric names of a Prometheus text exposition (histograms list their _bucket, _count and _sum). */
  static Set<String> served(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }
}
