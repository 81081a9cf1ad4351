package io.paynotify.http;

import io.paynotify.error.AppException;
import io.paynotify.error.ErrorCode;
import io.paynotify.metrics.NodeMetrics;
import io.paynotify.ops.NodeOps;
import io.paynotify.realtime.WebSocketEndpoint;
import io.vertx.core.AsyncResult;
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
    if (ops.draining()) {
      metrics.socketRejected("draining");
      refuse(request, AppException.unavailable("this node is shutting down, connect again"), started, accessLog);
      return;
    }
    try {
      request.params();
    } catch (RuntimeException e) {
      refused(request, AppException.badRequest("the query string is malformed"), started, accessLog);
      return;
    }
    sockets.upgrade(request).onComplete(ar -> answered(request, ar, started, accessLog));
  }

  private void answered(HttpServerRequest request, AsyncResult<Void> upgrade, long started, boolean accessLog) {
    if (upgrade.succeeded()) {
      log(request, 101, started, accessLog);
    } else if (upgrade.cause() instanceof AppException refusal) {
      refused(request, refusal, started, accessLog);
    } else {
      // the handshake itself failed (e.g. no Sec-WebSocket-Key): a bad request, whoever answers it
      HttpServerResponse response = request.response();
      LOG.debug("GET {}: the handshake failed: {}", PATH, upgrade.cause().toString());
      if (!response.ended()) {
        Errors.send(response, ErrorCode.BAD_REQUEST, "the WebSocket handshake failed");
      }
      metrics.socketRejected(rejectReason(response.getStatusCode()));
      log(request, response.getStatusCode(), started, accessLog);
    }
  }

  private void refused(HttpServerRequest request, AppException refusal, long started, boolean accessLog) {
    metrics.socketRejected(rejectReason(refusal.code().status()));
    refuse(request, refusal, started, accessLog);
  }

  private void refuse(HttpServerRequest request, AppException refusal, long started, boolean accessLog) {
    Errors.send(request.response(), refusal.code(), refusal.getMessage());
    log(request, refusal.code().status(), started, accessLog);
  }

  private void log(HttpServerRequest request, int status, long started, boolean accessLog) {
    if (accessLog && this.accessLog) {
      AccessLog.line(request, status, started);
    }
  }

  static String rejectReason(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "origin";
      case 429 -> "user_limit";
      case 503 -> "node_limit";
      default -> "status_" + status;
    };
  }
}
