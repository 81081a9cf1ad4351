package io.paynotify.http;

import io.paynotify.auth.UserTokens;
import io.paynotify.config.AppConfig;
import io.paynotify.credits.CreditStore;
import io.paynotify.metrics.NodeMetrics;
import io.paynotify.notify.EventStore;
import io.paynotify.ops.NodeOps;
import io.paynotify.payment.PaymentQueries;
import io.paynotify.realtime.ConnectionLimits;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every HTTP verticle of a node shares, built once by the node: the edge's configuration and
 * the node's parts it serves. {@code extraRoutes} mounts the development helpers when they are on.
 */
public record HttpEdge(Settings settings, EventStore events, PaymentQueries payments, CreditStore credits,
                       ConnectionLimits limits,
                       NodeOps ops, NodeMetrics metrics, UserTokens tokens, Consumer<Router> extraRoutes) {

  /** The part of the configuration the HTTP edge uses. */
  public record Settings(int port, List<String> allowedOrigins, AppConfig.Limits limits, boolean accessLog,
                         Optional<String> internalApiToken, Duration shutdownDrain) {

    public static Settings of(AppConfig config) {
      return new Settings(config.httpPort(), config.allowedOrigins(), config.limits(), config.accessLog(),
          config.internalApiToken(), config.shutdownDrain());
    }
  }

  /** A verticle serving this edge (one per event loop; each keeps the sockets it accepted). */
  public HttpVerticle verticle(EdgeAssets assets) {
    return new HttpVerticle(this, assets);
  }

  /**
   * The routes every HTTP verticle serves, read from a router built like theirs but never served
   * (the OpenAPI document is checked against them).
   */
  public List<Route> routes(Vertx vertx, EdgeAssets assets) {
    return EdgeRouter.build(vertx, this, assets, request -> request.response().setStatusCode(503).end()).getRoutes();
  }
}
