package io.paynotify.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.paynotify.payment.WebhookHandler;
import io.paynotify.support.CapturedLogs;
import io.paynotify.support.Http;
import io.paynotify.support.Services;
import io.paynotify.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Two clustered nodes in one JVM: every line logged on a node's threads names that node, not the other. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeNamesIT {

  static Services svc;
  static CapturedLogs logs;
  static List<TestNode> nodes;
  static ch.qos.logback.classic.Logger hazelcast;
  static Level hazelcastLevel;
  static final Http http = new Http();

  @BeforeAll
  static void start(Vertx vertx) {
    hazelcast = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("com.hazelcast");
    hazelcastLevel = hazelcast.getLevel();
    hazelcast.setLevel(Level.INFO); // the member lists are INFO lines of Hazelcast's own threads
    svc = Services.start(vertx, "nodenames");
    logs = new CapturedLogs();
    List<Map<String, String>> envs = TestNode.clusterEnvs(2, svc.db, svc.mp.url(), "names-" + UUID.randomUUID());
    nodes = envs.stream().map(TestNode::start).toList();
  }

  @AfterAll
  static void stop() {
    nodes.forEach(TestNode::close);
    logs.close();
    hazelcast.setLevel(hazelcastLevel);
    svc.close();
  }

  static String name(TestNode node) {
    return "127.0.0.1:" + node.config().cluster().port();
  }

  @Test
  void linesOfEachNodesEventLoopsAndWorkersNameThatNode() {
    for (TestNode node : nodes) {
      String marker = "event loop of " + name(node);
      node.app().vertx().runOnContext(v -> LoggerFactory.getLogger(NodeNamesIT.class).info(marker));
      node.app().vertx().executeBlocking(() -> {
        LoggerFactory.getLogger(NodeNamesIT.class).info("worker of {}", name(node));
        return null;
      }).await();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> logs.of(NodeNamesIT.class.getName()).size() == 4);
    for (TestNode node : nodes) {
      assertThat(logs.of(NodeNamesIT.class.getName())).filteredOn(e -> e.getFormattedMessage().endsWith(name(node)))
          .hasSize(2).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("node", name(node)));
    }
  }

  @Test
  void linesOfEachNodesHazelcastThreadsNameThatNode() {
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().allMatch(n -> !hazelcastLines(n).isEmpty()));
    for (TestNode node : nodes) {
      assertThat(hazelcastLines(node)).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("node", name(node)));
    }
  }

  @Test
  void theApplicationsOwnLinesNameTheNodeThatServedTheRequest() {
    for (TestNode node : nodes) {
      assertThat(http.rawWebhook(node.port(), "?data.id=4242&type=payment", "ts=1,v1=00", "req-" + node.port(),
          "{\"type\":\"payment\",\"data\":{\"id\":\"4242\"}}").status()).isEqualTo(401);
    }
    for (TestNode node : nodes) {
      assertThat(logs.of(WebhookHandler.class.getName()))
          .filteredOn(e -> ("req-" + node.port()).equals(e.getMDCPropertyMap().get("requestId")))
          .hasSize(1).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("node", name(node)));
    }
  }

  private static List<ILoggingEvent> hazelcastLines(TestNode node) {
    String threads = "hz.paynotify-" + name(node) + ".";
    return logs.all().stream().filter(e -> e.getThreadName().startsWith(threads)).toList();
  }
}
