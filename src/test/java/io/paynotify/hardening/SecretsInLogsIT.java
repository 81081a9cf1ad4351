package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.paynotify.config.AppConfig;
import io.paynotify.config.ConfigLoader;
import io.paynotify.dev.FakePayments;
import io.paynotify.support.MercadoPagoDouble;
import io.paynotify.support.Http;
import io.paynotify.support.RawHttp;
import io.paynotify.support.Tab;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Tokens, secrets, signatures and access tokens never reach the log, at DEBUG, whatever a client sends. */
@ExtendWith(VertxExtension.class)
class SecretsInLogsIT {

  static final String INTERNAL = "internal-token-SECRET-7c1f02";
  static final String PREVIOUS = "previous-webhook-SECRET-3e9a";

  /** Keeps every formatted log line, with its stack trace. */
  static final class Capture extends AppenderBase<ILoggingEvent> {
    final Queue<String> lines = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
      String stack = event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
      lines.add(event.getLoggerName() + " " + event.getFormattedMessage() + " " + stack);
    }
  }

  @Test
  void noSecretAppearsInTheLogWhileClientsSendThemEverywhere(Vertx vertx) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("io.paynotify");
    Logger vertxLog = (Logger) LoggerFactory.getLogger("io.vertx");
    Capture capture = new Capture();
    capture.start();
    root.addAppender(capture);
    ours.setLevel(Level.DEBUG);
    vertxLog.setLevel(Level.DEBUG);
    List<String> secrets = new ArrayList<>(List.of(Tokens.SECRET, TestNode.WEBHOOK_SECRET, TestNode.ACCESS_TOKEN, INTERNAL, PREVIOUS));
    try (TestDatabase db = TestDatabase.create("secretslog")) {
      MercadoPagoDouble mp = MercadoPagoDouble.start(vertx);
      Map<String, String> env = TestNode.env(db, mp.url());
      env.put("INTERNAL_API_TOKEN", INTERNAL);
      env.put("MP_WEBHOOK_SECRET_PREVIOUS", PREVIOUS);
      AppConfig config = ConfigLoader.load(env, Path.of("").toAbsolutePath());
      LoggerFactory.getLogger("io.paynotify.Main").info("configuration: {}", config.describe());
      try (TestNode node = TestNode.start(env)) {
        exercise(vertx, node, mp, secrets);
      } finally {
        mp.close().await();
      }
      Map<String, String> withPassword = TestNode.env(db, mp.url());
      withPassword.put("DATABASE_URL", "postgresql://app:pw-SECRET-991@127.0.0.1:5432/x");
      withPassword.put("MP_API_URL", "https://proxy:proxy-SECRET-12@mp.example");
      String described = ConfigLoader.load(withPassword, Path.of("").toAbsolutePath()).describe();
      assertThat(described).doesNotContain("pw-SECRET-991", "proxy-SECRET-12").contains("app:***@", "proxy:***@");
    } finally {
      root.detachAppender(capture);
      ours.setLevel(null);
      vertxLog.setLevel(null);
    }
    assertThat(capture.lines).as("the capture sees the node's own lines")
        .anyMatch(line -> line.contains("missing or wrong signature") && line.contains("for payment 555"))
        .anyMatch(line -> line.contains("configuration: ") && line.contains("mpAccessToken=***"))
        .anyMatch(line -> line.contains("configuration: ") && line.contains("mpWebhookSecretPrevious=***"));
    for (String secret : secrets) {
      assertThat(capture.lines).as("no log line holds a secret").noneMatch(line -> line.contains(secret));
    }
  }

  private void exercise(Vertx vertx, TestNode node, MercadoPagoDouble mp, List<String> secrets) {
    Http http = new Http();
    int port = node.port();
    long now = System.currentTimeMillis() / 1000;
    String valid = Tokens.valid("user-logs");
    String forged = Tokens.sign("forged-secret-0123456789abcdef", Tokens.claims("42").put("exp", now + 600));
    String badlyTyped = Tokens.sign(Tokens.SECRET, Tokens.claims("42").put("exp", "never"));
    // long enough to outlive the upgrade on a busy machine, short enough to see the 4001 close
    String expiring = Tokens.expiringIn("user-logs", 6);
    for (String token : List.of(valid, forged, badlyTyped, expiring)) {
      secrets.add(token);
      secrets.add(token.substring(token.lastIndexOf('.') + 1));
    }
    try (Tab tab = Tab.open(vertx, port, valid); Tab shortLived = Tab.open(vertx, port, expiring)) {
      tab.ready();
      assertThat(shortLived.awaitClose(Duration.ofSeconds(20))).isEqualTo((short) 4001);
      for (String token : List.of(forged, badlyTyped)) {
        assertThat(Tab.upgradeStatus(vertx, port, "token=" + Tab.encode(token))).isEqualTo(401);
        assertThat(http.get(port, "/users/me/credits?token=" + Tab.encode(token), token).status()).isEqualTo(401);
      }
      assertThat(RawHttp.send(port, "GET", "/notifications?since=%zz&token=" + forged,
          Map.of("Authorization", "Bearer " + forged), (String) null).status()).isEqualTo(400);
      String wrongSignature = "ts=1700000000,v1=" + "ab12".repeat(16);
      secrets.add("ab12".repeat(16));
      assertThat(http.rawWebhook(port, "?data.id=555&type=payment", wrongSignature, "req-1", "{}").status()).isEqualTo(401);
      String id = FakePayments.nextId();
      mp.put(FakePayments.payment(id, "user-logs", new io.paynotify.config.Plan("addon_3", 3, new BigDecimal("1500.00"), "ARS"), "approved"));
      String requestId = "req-2";
      String good = Http.signature(TestNode.WEBHOOK_SECRET, id, requestId, "1700000001");
      secrets.add(good.substring(good.indexOf("v1=") + 3));
      assertThat(http.rawWebhook(port, "?data.id=" + id + "&type=payment", good, requestId, "{}").status()).isEqualTo(200);
      tab.awaitEvent("PAYMENT_CONFIRMED");
      String rotated = FakePayments.nextId();
      String signedWithPrevious = Http.signature(PREVIOUS, rotated, "req-3", "1700000002");
      secrets.add(signedWithPrevious.substring(signedWithPrevious.indexOf("v1=") + 3));
      assertThat(http.rawWebhook(port, "?data.id=" + rotated + "&type=payment", signedWithPrevious, "req-3", "{}")
          .status()).isEqualTo(200);
      Map<String, String> wrongInternal = Map.of("Authorization", "Bearer not-" + INTERNAL, "content-type", "application/json");
      String body = new JsonObject().put("userId", "user-logs").put("type", "HELLO").encode();
      assertThat(http.request("POST", port, "/internal/notify", wrongInternal, body).status()).isEqualTo(401);
      Map<String, String> rightInternal = Map.of("Authorization", "Bearer " + INTERNAL, "content-type", "application/json");
      assertThat(http.request("POST", port, "/internal/notify", rightInternal, body).status()).isEqualTo(202);
      tab.awaitEvent("HELLO");
      await("payment never fetched").atMost(Duration.ofSeconds(10)).until(() -> mp.fetches() >= 1);
    }
  }
}
