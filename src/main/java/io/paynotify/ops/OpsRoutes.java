package io.paynotify.ops;

import io.paynotify.error.AppException;
import io.paynotify.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /ready}, {@code GET /metrics}, and the gates the routers put in front of WebSocket
 * upgrades and webhooks: 503 while the node drains, and each refused upgrade and each webhook answer
 * counted.
 */
public final class OpsRoutes {

  private final NodeOps ops;

  public OpsRoutes(NodeOps ops) {
    this.ops = ops;
  }

  /** Mounts {@code /ready} and {@code /metrics}. */
  public void mount(Router router) {
    router.get("/ready").handler(ops.readiness()::handle);
    router.get("/metrics").handler(this::metrics);
  }

  private void metrics(RoutingContext ctx) {
    Future.join(ops.inbox().refresh(), ops.readiness().check()).onComplete(ar -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(ops.metrics().scrape()));
  }

  /** Put first on the WebSocket upgrade route. */
  public void upgradeGate(RoutingContext ctx) {
    NodeMetrics metrics = ops.metrics();
    if (ops.draining()) {
      metrics.socketRejected("draining");
      ctx.fail(AppException.unavailable("this node is shutting down, connect again"));
      return;
    }
    ctx.addHeadersEndHandler(v -> {
      int status = ctx.response().getStatusCode();
      if (status >= 400) {
        metrics.socketRejected(rejectReason(status));
      }
    });
    ctx.next();
  }

  /** Put first on the webhook route. */
  public void webhookGate(RoutingContext ctx) {
    NodeMetrics metrics = ops.metrics();
    if (ops.draining()) {
      metrics.webhook("draining");
      ctx.fail(AppException.unavailable("this node is shutting down, retry later"));
      return;
    }
    ctx.addHeadersEndHandler(v -> metrics.webhook(webhookResult(ctx.response().getStatusCode())));
    ctx.next();
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

  static String webhookResult(int status) {
    return switch (status) {
      case 200 -> "accepted";
      case 400 -> "malformed";
      case 401 -> "bad_signature";
      case 413 -> "too_large";
      case 429 -> "ipn_rate_limited";
      case 503 -> "unavailable";
      default -> "status_" + status;
    };
  }
}
