package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections that say nothing are closed after twice the ping interval plus 5 s (7 s here), so they
 * cannot pile up and hold file descriptors; a healthy WebSocket, pinged by the server, stays open.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class IdleConnectionIT {

  @RegisterExtension
  static final PaynotifyNode node = PaynotifyNode.standalone("idle").env("WS_PING_INTERVAL_SECONDS", "1");

  @Test
  void silentAndUnfinishedConnectionsAreClosedWhileAHealthyTabStaysOpen(Vertx vertx) throws IOException {
    try (Tab tab = Tab.open(vertx, node.port(), Tokens.valid("idle-user"));
         Socket silent = new Socket("127.0.0.1", node.port());
         Socket unfinished = new Socket("127.0.0.1", node.port())) {
      tab.awaitFrame(f -> "READY".equals(f.getString("type")), Duration.ofSeconds(10));
      unfinished.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();

      assertThat(closedByServer(silent)).as("a connection that never sends a byte is closed").isTrue();
      assertThat(closedByServer(unfinished)).as("a request whose headers never end is closed").isTrue();
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(seconds).as("closed after the idle timeout, not at once").isBetween(5.0, 30.0);

      assertThat(tab.closeCode()).as("the healthy tab is still open").isNull();
      tab.socket().writeTextMessage("{\"type\":\"PING\"}");
      tab.awaitFrame(f -> "PONG".equals(f.getString("type")), Duration.ofSeconds(10));
    }
  }

  /** Reads until the server closes the connection (end of stream or reset); false if it stays open 30 s. */
  static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(30_000);
    InputStream in = socket.getInputStream();
    try {
      while (in.read() != -1) {
        // the server may answer before it closes; only the close matters here
      }
      return true;
    } catch (SocketException reset) {
      return true;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    }
  }
}
