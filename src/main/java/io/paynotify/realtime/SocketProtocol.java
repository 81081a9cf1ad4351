package io.paynotify.realtime;

import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * The WebSocket sub-protocols of {@code /notifications/ws}: a client offers {@code paynotify.v1} and,
 * beside it, its token as {@code paynotify.bearer.<JWT>} (a browser cannot set {@code Authorization}
 * on a WebSocket, and a token in the query sits in every proxy's access log). The server answers
 * {@code paynotify.v1} only (the node's {@code HttpServerOptions} list it as the one it supports), so
 * the token is never echoed.
 */
public final class SocketProtocol {

  /** The one sub-protocol the server answers. */
  public static final String V1 = "paynotify.v1";
  /** Offered by a client whose token travels in the handshake instead of the URL. */
  public static final String BEARER_PREFIX = "paynotify.bearer.";

  private SocketProtocol() {
  }

  /** What the server supports: {@code HttpServerOptions.setWebSocketSubProtocols}. */
  public static List<String> supported() {
    return List.of(V1);
  }

  /** Whether the client offers {@code paynotify.v1}: the server then answers it (and only then, as RFC 6455 asks). */
  static boolean offersV1(HttpServerRequest request) {
    for (String line : request.headers().getAll("Sec-WebSocket-Protocol")) {
      for (String offered : line.split(",")) {
        if (offered.trim().equals(V1)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The token offered as {@code paynotify.bearer.<JWT>} in {@code Sec-WebSocket-Protocol} (every
   * header line, comma-separated values), {@code ""} for a bearer entry without a token, or null when
   * none is offered.
   */
  static String bearer(HttpServerRequest request) {
    for (String line : request.headers().getAll("Sec-WebSocket-Protocol")) {
      for (String offered : line.split(",")) {
        String p = offered.trim();
        if (p.startsWith(BEARER_PREFIX)) {
          return p.substring(BEARER_PREFIX.length());
        }
      }
    }
    return null;
  }
}
