package io.paynotify.realtime;

import io.vertx.core.http.HttpServerRequest;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The WebSocket sub-protocols of {@code /notifications/ws}: a client offers {@code paynotify.v1} and,
 * beside it, its token as {@code paynotify.bearer.<JWT>} (a browser cannot set {@code Authorization}
 * on a WebSocket, and a token in the query sits in every proxy's access log). The server answers
 * {@code paynotify.v1} only, when it is offered ({@link SocketHandshake}), so the token is never echoed.
 */
public final class SocketProtocol {

  /** The one sub-protocol the server answers. */
  public static final String V1 = "paynotify.v1";
  /** Offered by a client whose token travels in the handshake instead of the URL. */
  public static final String BEARER_PREFIX = "paynotify.bearer.";

  private SocketProtocol() {
  }

  /** Whether the client offers {@code paynotify.v1}: the server then answers it (and only then, as RFC 6455 asks). */
  static boolean offersV1(HttpServerRequest request) {
    return offered(request).anyMatch(V1::equals);
  }

  /**
   * The token offered as {@code paynotify.bearer.<JWT>} in {@code Sec-WebSocket-Protocol}, {@code ""}
   * for a bearer entry without a token, or null when none is offered.
   */
  static String bearer(HttpServerRequest request) {
    return offered(request).filter(p -> p.startsWith(BEARER_PREFIX)).findFirst()
        .map(p -> p.substring(BEARER_PREFIX.length())).orElse(null);
  }

  /** Every sub-protocol offered, from every {@code Sec-WebSocket-Protocol} line (comma-separated values). */
  private static Stream<String> offered(HttpServerRequest request) {
    return request.headers().getAll("Sec-WebSocket-Protocol").stream()
        .flatMap(line -> Arrays.stream(line.split(","))).map(String::trim);
  }
}
