package io.paynotify.flow;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.paynotify.support.LogCapture;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.RawSocket;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The token in {@code Sec-WebSocket-Protocol: paynotify.v1, paynotify.bearer.<JWT>} (what the browser
 * client sends, so no token sits in a URL): accepted with the answer {@code paynotify.v1}, refused
 * with 401 before the upgrade under the rules of {@code ?token=}, and never written to a log line.
 */
@ExtendWith(VertxExtension.class)
class ProtocolTokenIT {

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("protocoltoken");

  static RawSocket upgrade(String protocols) {
    return RawSocket.upgrade(fx.port(), "/notifications/ws", Map.of("Sec-WebSocket-Protocol", protocols), 0);
  }

  @Test
  void aTokenBesideTheProtocolIsAcceptedAndOnlyTheProtocolIsAnswered() {
    String user = PaynotifyNode.user();
    String token = Tokens.valid(user);
    try (RawSocket socket = upgrade("paynotify.v1, paynotify.bearer." + token)) {
      assertThat(socket.status()).isEqualTo(101);
      assertThat(socket.head().toLowerCase()).contains("sec-websocket-protocol: paynotify.v1\r\n");
      assertThat(socket.head()).doesNotContain(token);
      JsonObject ready = new JsonObject(socket.readText().text());
      assertThat(ready.getString("type")).isEqualTo("READY");
      assertThat(ready.getJsonObject("data").getString("userId")).isEqualTo(user);
    }
  }

  @Test
  void aBadOrMissingTokenThereIsRefusedWith401BeforeTheUpgrade() {
    List<String> refused = new ArrayList<>(AuthIT.badTokens().values());
    refused.add("");
    for (String token : refused) {
      try (RawSocket socket = upgrade("paynotify.v1, paynotify.bearer." + token)) {
        assertThat(socket.status()).as(token).isEqualTo(401);
        assertThat(new JsonObject(socket.body()).getString("error")).isEqualTo("unauthorized");
        if (!token.isEmpty()) {
          assertThat(socket.body()).doesNotContain(token);
        }
      }
    }
    try (RawSocket socket = upgrade("paynotify.v1")) {
      assertThat(socket.status()).as("the protocol without a token").isEqualTo(401);
    }
  }

  @Test
  void noLogLineOfAnyLevelHoldsTheTokenAcceptedOrRefused() {
    String good = Tokens.valid(PaynotifyNode.user());
    String expired = Tokens.sign(Tokens.SECRET, Tokens.claims("42").put("exp", System.currentTimeMillis() / 1000 - 5));
    Logger ours = (Logger) LoggerFactory.getLogger("io.paynotify");
    Logger vertx = (Logger) LoggerFactory.getLogger("io.vertx");
    Level oursBefore = ours.getLevel();
    Level vertxBefore = vertx.getLevel();
    ours.setLevel(Level.DEBUG);
    vertx.setLevel(Level.DEBUG);
    try (LogCapture logs = LogCapture.all()) {
      try (RawSocket socket = upgrade("paynotify.v1, paynotify.bearer." + good)) {
        assertThat(socket.readText()).isNotNull();
      }
      try (RawSocket socket = upgrade("paynotify.v1, paynotify.bearer." + expired)) {
        assertThat(socket.status()).isEqualTo(401);
      }
      List<ILoggingEvent> access = logs.events("io.paynotify.access");
      assertThat(access).as("the access lines of both upgrades").hasSizeGreaterThanOrEqualTo(2);
      for (ILoggingEvent event : logs.events()) {
        String line = event.getFormattedMessage() + " " + event.getMDCPropertyMap()
            + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage());
        assertThat(line).doesNotContain(signature(good)).doesNotContain(signature(expired));
      }
    } finally {
      ours.setLevel(oursBefore);
      vertx.setLevel(vertxBefore);
    }
  }

  /** The part of a token that is secret enough to search for (a header alone is common to every token). */
  static String signature(String token) {
    return token.substring(token.indexOf('.') + 1);
  }
}
