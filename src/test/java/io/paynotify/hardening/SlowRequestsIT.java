package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.PaynotifyNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Raw sockets against the 10 s request deadline and the internal API's token-before-body rule: headers
 * or a body trickled a byte at a time (never idle, so the idle timeout would not end them) get 408 and
 * a closed connection; a request to {@code /internal/*} without the token is refused from its headers,
 * while its announced body never comes.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowRequestsIT {

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("slowrequests").env(Map.of("INTERNAL_API_TOKEN", PaynotifyNode.INTERNAL_TOKEN,
        "WS_PING_INTERVAL_SECONDS", "30")); // an idle timeout of 65 s: only the deadline can end these

  @Test
  void tricklingHeadersOrABodyGets408AndTheConnectionClosedWithinTheDeadline() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(3); // all three at once, whatever the core count
    long start = System.nanoTime();
    CompletableFuture<String> headers = CompletableFuture.supplyAsync(() -> trickle(
        "GET /health HTTP/1.1\r\nHost: x\r\n", "X-Slow: a\r\n"), clients);
    CompletableFuture<String> body = CompletableFuture.supplyAsync(() -> trickle(
        "POST /payments/webhook?data.id=1&type=payment HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 200\r\n\r\n", "{"), clients);
    CompletableFuture<String> internal = CompletableFuture.supplyAsync(() -> trickle(
        "POST /internal/notify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + PaynotifyNode.INTERNAL_TOKEN
            + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n", " "), clients);

    for (CompletableFuture<String> answer : java.util.List.of(headers, body, internal)) {
      assertThat(answer.get(60, TimeUnit.SECONDS)).startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"")
          .endsWith("CLOSED");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    clients.shutdown();
    assertThat(seconds).as("the deadline, not the idle timeout").isBetween(9.0, 40.0);
  }

  @Test
  void bytesStillArrivingWhenThe408GoesOutDoNotResetItAway() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", fx.port())) {
      OutputStream out = socket.getOutputStream();
      long opened = System.nanoTime();
      out.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try { // a header value trickled every 500 ms, then every 2 ms across the deadline (10 s)
          for (long at = 500; at < 11_000; at += at < 9_500 ? 500 : 2) {
            Thread.sleep(Math.max(0, at - (System.nanoTime() - opened) / 1_000_000)); // the client's pace
            out.write('a');
          }
        } catch (IOException | InterruptedException stopped) {
          // the server closed: the reader below says how
        }
      });
      socket.setSoTimeout(20_000);
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      String end;
      try {
        socket.getInputStream().transferTo(answer);
        end = "CLOSED";
      } catch (SocketException reset) {
        end = "RESET"; // a server that closes with the client's bytes unread answers them with a reset
      }
      writer.get(30, TimeUnit.SECONDS);
      assertThat(answer.toString(StandardCharsets.UTF_8) + end).startsWith("HTTP/1.1 408")
          .contains("\"error\":\"request_timeout\"").endsWith("CLOSED");
    }
  }

  @Test
  void theInternalApiChecksTheTokenBeforeItWaitsForTheBody() throws Exception {
    for (String path : java.util.List.of("/internal/notify", "/internal/payments/1/sync", "/internal/users/42/credits",
        "/internal/anything")) {
      long start = System.nanoTime();
      String answer = answerWithoutBody("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
          + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n");
      assertThat(answer).as(path).startsWith("HTTP/1.1 401").contains("\"error\":\"unauthorized\"");
      assertThat((System.nanoTime() - start) / 1e9).as("answered from the headers").isLessThan(5.0);
    }
  }

  /** Sends {@code head}, then {@code drip} every 2 s until the server closes; what it answered, then CLOSED. */
  static String trickle(String head, String drip) {
    try (Socket socket = new Socket("127.0.0.1", fx.port())) {
      socket.setSoTimeout(2000);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      for (int round = 0; round < 30; round++) {
        try {
          int n = in.read(buffer);
          if (n < 0) {
            return answer.toString(StandardCharsets.UTF_8) + "CLOSED";
          }
          answer.write(buffer, 0, n);
        } catch (SocketTimeoutException quiet) {
          socket.getOutputStream().write(drip.getBytes(StandardCharsets.US_ASCII));
        }
      }
      return answer.toString(StandardCharsets.UTF_8) + "STILL OPEN";
    } catch (SocketException reset) {
      return "RESET";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends {@code head} only, and reads the answer's status line and headers and a little body. */
  static String answerWithoutBody(String head) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", fx.port())) {
      socket.setSoTimeout(8000);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      int n = in.read(buffer);
      return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
    } catch (SocketTimeoutException silent) {
      return "NO ANSWER";
    }
  }
}
