package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.RawSocket;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A live socket: closed at token expiry (4001) and when pongs stop (4002); PING/PONG; 1009 over 4 KiB. */
@ExtendWith(VertxExtension.class)
class LiveSocketIT {

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("livesocket").env("WS_PING_INTERVAL_SECONDS", "1");

  static String user() {
    return "u-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void closesWith4001WithinASecondOfTheTokensExp() {
    long exp = System.currentTimeMillis() / 1000 + 3;
    String token = Tokens.sign(Tokens.SECRET, Tokens.claims(user()).put("exp", exp));
    try (Tab tab = Tab.open(fx.vertx(), fx.port(), token)) {
      tab.ready();
      assertThat(tab.awaitClose(Duration.ofSeconds(10))).isEqualTo((short) 4001);
      long closedAt = System.currentTimeMillis();
      assertThat(tab.closeReason()).isEqualTo("token expired");
      assertThat(closedAt).isBetween(exp * 1000, exp * 1000 + 1000);
    }
  }

  @Test
  void closesATabThatStopsAnsweringPingsAndKeepsOneThatAnswers() {
    try (Tab healthy = Tab.open(fx.vertx(), fx.port(), Tokens.valid(user()));
         RawSocket silent = RawSocket.open(fx.port(), Tokens.valid(user())).silent()) {
      healthy.ready();
      assertThat(silent.status()).isEqualTo(101);
      assertThat(silent.readText().text()).contains("READY");
      int pings = 0;
      RawSocket.Frame f;
      for (f = silent.read(); f != null && f.opcode() != RawSocket.CLOSE; f = silent.read()) {
        pings += f.opcode() == RawSocket.PING ? 1 : 0;
      }
      assertThat(f).isNotNull();
      assertThat(f.closeCode()).isEqualTo(4002);
      assertThat(pings).isGreaterThanOrEqualTo(1);
      assertThat(healthy.closeCode()).isNull();
      healthy.socket().writeTextMessage("{\"type\":\"PING\"}");
      healthy.awaitFrame(j -> "PONG".equals(j.getString("type")), Duration.ofSeconds(10));
    }
  }

  @Test
  void answersPingWithPongAndIgnoresOtherFramesIncludingBinary() {
    try (RawSocket raw = RawSocket.open(fx.port(), Tokens.valid(user()))) {
      assertThat(raw.readText().text()).contains("READY");
      raw.sendText("{\"type\":\"HELLO\"}");
      raw.sendText("not json at all");
      raw.send(RawSocket.BINARY, true, new byte[] {1, 2, 3, 4});
      raw.send(RawSocket.TEXT, false, "{\"type\":".getBytes(StandardCharsets.UTF_8));
      raw.send(RawSocket.CONTINUATION, true, "\"PING\"}".getBytes(StandardCharsets.UTF_8));
      RawSocket.Frame pong = raw.readText();
      assertThat(new JsonObject(pong.text())).isEqualTo(new JsonObject().put("type", "PONG"));
    }
  }

  @Test
  void acceptsAMessageOfExactly4KiBAndClosesWith1009OneByteOver() {
    try (RawSocket raw = RawSocket.open(fx.port(), Tokens.valid(user()))) {
      assertThat(raw.readText().text()).contains("READY");
      raw.send(RawSocket.TEXT, true, filled(4096));
      raw.sendText("{\"type\":\"PING\"}");
      assertThat(raw.readText().text()).isEqualTo("{\"type\":\"PONG\"}");
      raw.send(RawSocket.TEXT, true, filled(4097));
      assertThat(raw.awaitClose()).isEqualTo(1009);
    }
  }

  @Test
  void closesWith1009AFragmentedMessageOver4KiB() {
    try (RawSocket raw = RawSocket.open(fx.port(), Tokens.valid(user()))) {
      assertThat(raw.readText().text()).contains("READY");
      raw.send(RawSocket.TEXT, false, filled(2000));
      raw.send(RawSocket.CONTINUATION, false, filled(2000));
      raw.send(RawSocket.CONTINUATION, true, filled(2000));
      assertThat(raw.awaitClose()).isEqualTo(1009);
    }
  }

  @Test
  void closesWith1009ABinaryOrLargeMessageOver4KiBAndDropsAFrameOverNettysLimit() {
    try (RawSocket raw = RawSocket.open(fx.port(), Tokens.valid(user()))) {
      assertThat(raw.readText().text()).contains("READY");
      raw.send(RawSocket.BINARY, true, filled(5000));
      assertThat(raw.awaitClose()).isEqualTo(1009);
    }
    try (RawSocket raw = RawSocket.open(fx.port(), Tokens.valid(user()))) {
      assertThat(raw.readText().text()).contains("READY");
      raw.send(RawSocket.TEXT, true, filled(60_000));
      assertThat(raw.awaitClose()).isEqualTo(1009);
    }
    try (RawSocket raw = RawSocket.open(fx.port(), Tokens.valid(user()))) {
      assertThat(raw.readText().text()).contains("READY");
      raw.send(RawSocket.TEXT, true, filled(200_000));
      assertThat(raw.awaitClose()).as("1009 or dropped at once").isIn(1009, -1);
    }
  }

  @Test
  void closesAControlFrameOver125BytesAndWith1007InvalidUtf8() {
    try (RawSocket raw = RawSocket.open(fx.port(), Tokens.valid(user()))) {
      assertThat(raw.readText().text()).contains("READY");
      raw.send(RawSocket.PING, true, filled(200));
      assertThat(raw.awaitClose()).as("1002, or dropped at once by the codec").isIn(1002, -1);
      assertThat(raw.read()).isNull();
    }
    try (RawSocket raw = RawSocket.open(fx.port(), Tokens.valid(user()))) {
      assertThat(raw.readText().text()).contains("READY");
      raw.send(RawSocket.TEXT, true, new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'});
      assertThat(raw.awaitClose()).isEqualTo(1007);
    }
  }

  static byte[] filled(int n) {
    byte[] bytes = new byte[n];
    Arrays.fill(bytes, (byte) 'a');
    return bytes;
  }
}
