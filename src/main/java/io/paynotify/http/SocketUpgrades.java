package io.paynotify.http;

import io.paynotify.error.AppException;
import io.paynotify.error.ErrorCode;
import io.paynotify.metrics.NodeMetrics;
import io.paynotify.ops.NodeOps;
import io.paynotify.realtime.WebSocketEndpoint;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /notifications/ws}, taken before the router: an upgrade needs none of vertx-web's
 * per-request objects (routing context, wrapped request, route walk), and whatever the upgrade made
 * stays reachable from the socket as long as it lives. The answers stay those of every route: 503
 * while the node drains, 400 for an undecodable query, the endpoint's refusals in the JSON error
 * shape, each refusal counted by reason, and one access line (101 for an accepted upgrade).
 */
final class SocketUpgrades {

  static final String PATH = "/notifications/ws";

  private static final Logger LOG = LoggerFactory.getLogger(SocketUpgrades.class);

  private final WebSocketEndpoint sockets;
  private final NodeOps ops;
  private final NodeMetrics metrics;
  private final boolean accessLog;

  SocketUpgrades(WebSocketEndpoint sockets, NodeOps ops, NodeMetrics metrics, boolean accessLog) {
    this.sockets = sockets;
    this.ops = ops;
    this.metrics = metrics;
    this.accessLog = accessLog;
  }

  /** Whether the server hands {@code request} to {@link #handle} instead of the router. */
  static boolean takes(HttpServerRequest request) {
    return request.method() == HttpMethod.GET && PATH.equals(request.path());
  }

  /** {@code accessLog}: false when the router's own access log has the request. */
  void handle(HttpServerRequest request, boolean accessLog) {
    long started = System.nanoTime();
    boolean logged = accessLog && this.accessLog;
    if (ops.draining()) {
      refuse(request, AppException.unavailable("this node is shutting down, connect again"), "draining", started, logged);
      return;
    }
    try {
      request.params();
    } catch (RuntimeException e) {
      refuse(request, AppException.badRequest("the query string is malformed"), null, started, logged);
      return;
    }
    sockets.upgrade(request).onComplete(ar -> {
      if (ar.succeeded()) {
        log(request, 101, started, logged);
      } else {
        refuse(request, ar.cause(), null, started, logged);
      }
    });
  }

  /**
   * Answers a refused upgrade (an {@link AppException}: its code; the handshake's own failure, e.g.
   * no {@code Sec-WebSocket-Key}: 400, unless Vert.x has answered), counts it by {@code reason}, or
   * by the status when null, and logs it.
   */
  private void refuse(HttpServerRequest request, Throwable cause, String reason, long started, boolean logged) {
    HttpServerResponse response = request.response();
    if (cause instanceof AppException refusal) {
      Errors.send(response, refusal.code(), refusal.getMessage());
    } else {
      LOG.debug("GET {}: the handshake failed: {}", PATH, cause.toString());
      Errors.send(response, ErrorCode.BAD_REQUEST, "the WebSocket handshake failed");
    }
    int status = response.getStatusCode();
    metrics.socketRejected(reason != null ? reason : rejectReason(status));
    log(request, status, started, logged);
  }

  private static void log(HttpServerRequest request, int status, long started, boolean logged) {
    if (logged) {
      AccessLog.line(request, status, started);
    }
  }

  static String rejectReason(int status) {
    return switch (status) {
      case 400, 426 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "origin";
      case 429 -> "user_limit";
      case 503 -> "node_limit";
      default -> "status_" + status;
    };
  }
}
