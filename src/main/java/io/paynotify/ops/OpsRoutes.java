package io.paynotify.ops;

import io.paynotify.error.AppException;
import io.paynotify.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /ready}, {@code GET /metrics}, and the gate the routers put in front of webhooks: 503
 * while the node drains, and each webhook answer counted (WebSocket upgrades have theirs in
 * {@code http.SocketUpgrades}).
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
