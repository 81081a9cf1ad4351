package io.paynotify.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.paynotify.payment.WebhookHandler;
import io.paynotify.support.LogCapture;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Http;
import io.paynotify.support.Services;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MDC fields on a running node, the access log (on, and off), and bad signatures logged once a minute per source. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LoggingIT {

  @RegisterExtension
  static final LogCapture logs = LogCapture.all();
  @RegisterExtension
  static final Services svc = Services.named("logging");
  /** One event loop serves every request: fields must not leak between them. */
  @RegisterExtension
  static final PaynotifyNode node = PaynotifyNode.on(svc).env("HTTP_INSTANCES", "1");
  @RegisterExtension
  static final PaynotifyNode quiet = PaynotifyNode.on(svc).env("ACCESS_LOG", "false");
  static final Http http = new Http();

  @Test
  void repeatedBadSignaturesAreOneWarnLineWithTheRequestIdWhileTheMetricCountsEvery() {
    for (int i = 0; i < 5; i++) {
      assertThat(http.rawWebhook(node.port(), "?data.id=4242&type=payment", "ts=1,v1=00", "req-bad-" + i,
          "{\"type\":\"payment\",\"data\":{\"id\":\"4242\"}}").status()).isEqualTo(401);
    }
    List<ILoggingEvent> warnings = logs.events(WebhookHandler.class.getName()).stream()
        .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("signature")).toList();
    assertThat(warnings).hasSize(1);
    ILoggingEvent line = warnings.get(0);
    assertThat(line.getMDCPropertyMap()).containsEntry("requestId", "req-bad-0").containsEntry("paymentId", "4242")
        .containsKey("node");
    assertThat(line.getFormattedMessage()).contains("from 127.0.0.1").doesNotContain("v1=00");
    assertThat(http.get(node.port(), "/metrics", null).body())
        .contains("paynotify_webhooks_total{result=\"bad_signature\"} 5.0");
  }

  @Test
  void theAccessLogHasMethodPathStatusAndDurationButNeverTheQuery() {
    http.request("GET", node.port(), "/users/me/credits?token=secret-token-in-query", Map.of("x-request-id", "req-42"), null);
    http.request("GET", node.port(), "/health?x=1", Map.of(), null);
    await("no access line for /health").atMost(Duration.ofSeconds(10))
        .until(() -> logs.events("io.paynotify.access").stream().anyMatch(e -> e.getFormattedMessage().startsWith("GET /health ")));
    List<ILoggingEvent> access = logs.events("io.paynotify.access");
    ILoggingEvent credits = access.stream().filter(e -> e.getFormattedMessage().startsWith("GET /users/me/credits "))
        .findFirst().orElseThrow();
    assertThat(credits.getFormattedMessage()).matches("GET /users/me/credits 401 \\d+ ms");
    assertThat(credits.getMDCPropertyMap()).containsEntry("requestId", "req-42");
    ILoggingEvent health = access.stream().filter(e -> e.getFormattedMessage().startsWith("GET /health ")).findFirst().orElseThrow();
    assertThat(health.getFormattedMessage()).matches("GET /health 200 \\d+ ms");
    assertThat(health.getMDCPropertyMap()).doesNotContainKey("requestId"); // nothing leaked from the previous request
    assertThat(access).noneMatch(e -> e.getFormattedMessage().contains("secret-token-in-query"));
  }

  @Test
  void upgradesHaveAccessLinesAcceptedOrRefusedWithoutTheToken(Vertx vertx) {
    String token = Tokens.valid("logging-tab");
    try (Tab tab = Tab.open(vertx, node.port(), token)) {
      assertThat(Tab.upgradeStatus(vertx, node.port(), "token=not-a-valid-token")).isEqualTo(401);
      await("access lines for both upgrades").atMost(Duration.ofSeconds(10)).until(() ->
          upgradeLines().stream().anyMatch(l -> l.matches("GET /notifications/ws 101 \\d+ ms"))
              && upgradeLines().stream().anyMatch(l -> l.matches("GET /notifications/ws 401 \\d+ ms")));
    }
    assertThat(upgradeLines()).hasSize(2);
    assertThat(logs.events()).noneMatch(e -> e.getFormattedMessage().contains(token)
        || e.getFormattedMessage().contains("not-a-valid-token"));
  }

  private static List<String> upgradeLines() {
    return logs.events("io.paynotify.access").stream().map(ILoggingEvent::getFormattedMessage)
        .filter(l -> l.startsWith("GET /notifications/ws ")).toList();
  }

  @Test
  void accessLogFalseTurnsTheAccessLogOff() {
    int before = logs.events("io.paynotify.access").size();
    assertThat(http.get(quiet.port(), "/health", null).status()).isEqualTo(200);
    assertThat(http.get(node.port(), "/health", null).status()).isEqualTo(200);
    await("no access line").atMost(Duration.ofSeconds(10)).until(() -> logs.events("io.paynotify.access").size() > before);
    assertThat(logs.events("io.paynotify.access").size()).isEqualTo(before + 1);
  }
}
