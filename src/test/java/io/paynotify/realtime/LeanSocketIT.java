package io.paynotify.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.RawSocket;
import io.paynotify.support.Scrape;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The socket after the upgrade is paynotify's own Netty pipeline ({@link SocketHandshake},
 * {@link FrameChannel}), not Vert.x's WebSocket: its handshake is RFC 6455's, it answers the
 * protocol's own frames, and Vert.x's connection still sees the connection close. Fails on a Vert.x
 * release whose HTTP pipeline no longer has the shape {@link SocketHandshake} takes over.
 */
class LeanSocketIT {

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("leansocket");

  static String uri(String user) {
    return "/notifications/ws?token=" + Tab.encode(Tokens.valid(user));
  }

  static String header(RawSocket socket, String name) {
    return socket.head().lines().filter(l -> l.toLowerCase().startsWith(name.toLowerCase() + ":"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
  }

  @Test
  void answers101WithTheRfcAcceptKeyAndNoContentLengthThenReady() {
    try (RawSocket ws = RawSocket.upgrade(fx.port(), uri("lean-1"), Map.of(), 0)) {
      assertThat(ws.status()).isEqualTo(101);
      assertThat(header(ws, "Sec-WebSocket-Accept")).isEqualTo(SocketHandshake.acceptKey(ws.key()));
      assertThat(SocketHandshake.acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).as("RFC 6455's own example")
          .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      assertThat(header(ws, "Upgrade")).isEqualToIgnoringCase("websocket");
      assertThat(header(ws, "Content-Length")).as("a 1xx carries no Content-Length").isNull();
      assertThat(header(ws, "Transfer-Encoding")).isNull();
      assertThat(header(ws, "Sec-WebSocket-Protocol")).as("none was offered").isNull();
      assertThat(ws.readText().text()).contains("\"type\":\"READY\"");
    }
  }

  @Test
  void refusesABrokenHandshakeBeforeLookingAtTheToken() {
    try (RawSocket oldVersion = RawSocket.upgrade(fx.port(), uri("lean-2"), Map.of("Sec-WebSocket-Version", "8"), 0)) {
      assertThat(oldVersion.status()).isEqualTo(426);
      assertThat(header(oldVersion, "Sec-WebSocket-Version")).isEqualTo("13");
      assertThat(oldVersion.body()).contains("\"error\":\"upgrade_required\"");
    }
    try (RawSocket noKey = RawSocket.upgrade(fx.port(), uri("lean-2"), Map.of("Sec-WebSocket-Key", ""), 0)) {
      assertThat(noKey.status()).isEqualTo(400);
      assertThat(noKey.body()).contains("Sec-WebSocket-Key");
    }
    try (RawSocket body = RawSocket.upgrade(fx.port(), uri("lean-2"), Map.of("Content-Length", "5"), 0)) {
      assertThat(body.status()).isEqualTo(400);
    }
    try (RawSocket notUpgrade = RawSocket.upgrade(fx.port(), uri("lean-2"), Map.of("Connection", "keep-alive"), 0)) {
      assertThat(notUpgrade.status()).isEqualTo(400);
    }
  }

  @Test
  void answersAClientPingWithItsPayloadAndEchoesAClientCloseThenCloses() {
    try (RawSocket ws = RawSocket.upgrade(fx.port(), uri("lean-3"), Map.of(), 0)) {
      assertThat(ws.readText().text()).contains("READY");
      ws.send(RawSocket.PING, true, "are you there".getBytes(StandardCharsets.UTF_8));
      RawSocket.Frame pong = ws.read();
      assertThat(pong.opcode()).isEqualTo(RawSocket.PONG);
      assertThat(pong.text()).isEqualTo("are you there");
      ws.send(RawSocket.CLOSE, true, new byte[] {0x03, (byte) 0xE8}); // 1000
      RawSocket.Frame close = ws.read();
      assertThat(close.opcode()).isEqualTo(RawSocket.CLOSE);
      assertThat(close.closeCode()).isEqualTo(1000);
      assertThat(ws.read()).as("then the server closes the connection").isNull();
    }
  }

  @Test
  void aFrameOverNettysLimitIsAnsweredWith1009() {
    try (RawSocket ws = RawSocket.upgrade(fx.port(), uri("lean-4"), Map.of(), 0)) {
      assertThat(ws.readText().text()).contains("READY");
      ws.send(RawSocket.BINARY, true, new byte[64 * 1024 + 1]);
      assertThat(ws.awaitClose()).isEqualTo(1009);
    }
  }

  @Test
  void theNodeRunsOnNettysEpollTransportOnLinuxX8664() {
    assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
        "Netty's native transport ships for Linux x86-64 only");
    assertThat(fx.running().vertx().isNativeTransportEnabled()).as("the native library loads from the jar's dependencies").isTrue();
  }

  @Test
  void closedSocketsLeaveNoConnectionInVertxsMetricsNorInOurs() {
    Scrape before = Scrape.of(fx.http(), fx.port());
    double connections = before.value("vertx_http_server_active_connections");
    List<RawSocket> sockets = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RawSocket ws = RawSocket.upgrade(fx.port(), uri("lean-5-" + i), Map.of(), 0);
      assertThat(ws.readText().text()).contains("READY");
      sockets.add(ws);
    }
    assertThat(Scrape.of(fx.http(), fx.port()).value("vertx_http_server_active_connections"))
        .isGreaterThanOrEqualTo(connections + 5);
    sockets.forEach(RawSocket::close);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Scrape after = Scrape.of(fx.http(), fx.port());
      assertThat(after.value("vertx_http_server_active_connections")).isLessThanOrEqualTo(connections);
      assertThat(after.value("paynotify_ws_open_sockets")).isEqualTo(before.value("paynotify_ws_open_sockets"));
    });
  }
}
