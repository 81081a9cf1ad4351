package io.paynotify.http;

import io.paynotify.error.ErrorCode;
import io.paynotify.error.AppException;
import io.paynotify.auth.UserTokens;
import io.paynotify.config.AppConfig;
import io.paynotify.metrics.NodeMetrics;
import io.paynotify.notify.EventPublisher;
import io.paynotify.notify.EventStore;
import io.paynotify.ops.NodeOps;
import io.paynotify.ops.OpsRoutes;
import io.paynotify.payment.PaymentQueries;
import io.paynotify.realtime.CloseCode;
import io.paynotify.realtime.ConnectionLimits;
import io.paynotify.realtime.SocketProtocol;
import io.paynotify.realtime.WebSocketEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The HTTP edge of a node: WebSocket upgrades and REST endpoints on one port. Several instances
 * share the port (one per event loop); each keeps the sockets it accepted.
 */
public final class HttpVerticle extends VerticleBase {

  /**
   * Netty's own frame limit. Client messages are limited to 4 KiB by realtime's own check, which
   * closes cleanly with 1009; a frame over this one is refused by Netty, which drops the connection
   * at once (1009 sent on a best-effort basis). Server messages up to this size go unfragmented.
   */
  private static final int MAX_WIRE_FRAME = 64 * 1024;

  private final AppConfig config;
  private final EventStore events;
  private final PaymentQueries payments;
  private final ConnectionLimits limits;
  private final NodeOps ops;
  private final NodeMetrics metrics;
  private final Consumer<Router> extraRoutes;
  private final UserTokens tokens;
  private final Optional<ServerCertificate> tls;
  private WebSocketEndpoint sockets;
  private HttpServer server;
  private Router router;

  /**
   * {@code extraRoutes} mounts the development helpers when they are on; a no-op otherwise. {@code tls}
   * is the node's certificate when the port serves TLS.
   */
  public HttpVerticle(AppConfig config, EventStore events, PaymentQueries payments, ConnectionLimits limits,
                      NodeOps ops, NodeMetrics metrics, Consumer<Router> extraRoutes, UserTokens tokens,
                      Optional<ServerCertificate> tls) {
    this.config = config;
    this.tokens = tokens;
    this.tls = tls;
    this.events = events;
    this.payments = payments;
    this.limits = limits;
    this.ops = ops;
    this.metrics = metrics;
    this.extraRoutes = extraRoutes;
  }

  @Override
  public Future<?> start() {
    Future<String> epoch = events.epoch();
    Future<ClientScript> script = ClientScript.load(vertx);
    Future<ApiDocuments> docs = ApiDocuments.load(vertx);
    return Future.all(epoch, script, docs).compose(all -> listen(epoch.result(), script.result(), docs.result()));
  }

  /** The routes this verticle serves (the OpenAPI document is tested against them). */
  public List<Route> routes() {
    return router.getRoutes();
  }

  /** {@code epoch} names the event log; read once at start, every READY carries it. */
  private Future<HttpServer> listen(String epoch, ClientScript script, ApiDocuments docs) {
    sockets = new WebSocketEndpoint(vertx, tokens, events, limits, metrics, config.allowedOrigins(), config.limits(),
        epoch);
    sockets.start();
    SocketUpgrades upgrades = new SocketUpgrades(sockets, ops, metrics, config.accessLog());
    router = router(tokens, script, docs, upgrades);
    HttpServerOptions options = serverOptions();
    tls.ifPresent(certificate -> certificate.apply(options));
    server = vertx.createHttpServer(options).invalidRequestHandler(Errors::invalidRequest);
    return server.requestHandler(request -> {
      if (SocketUpgrades.takes(request)) {
        upgrades.handle(request, true);
      } else {
        router.handle(request);
      }
    }).listen(config.httpPort())
        .onSuccess(listening -> tls.ifPresent(certificate -> certificate.serve(listening)));
  }

  private Router router(UserTokens tokens, ClientScript script, ApiDocuments docs, SocketUpgrades upgrades) {
    Router router = Router.router(vertx);
    if (config.accessLog()) {
      router.route().handler(new AccessLog());
    }
    router.route().handler(HttpVerticle::wellFormedQuery);
    OpsRoutes opsRoutes = new OpsRoutes(ops);
    opsRoutes.mount(router);
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "up")));
    // exact GETs of the path never get here (see listen); the route serves its spellings the router
    // also matches (a trailing slash) and keeps the router's list of routes complete
    router.get(SocketUpgrades.PATH).handler(ctx -> upgrades.handle(ctx.request(), false));
    Cors cors = new Cors(config.allowedOrigins());
    cors.mount(router, ApiRoutes.PATHS);
    script.mount(router, cors);
    new ApiRoutes(tokens, payments, events).mount(router);
    new IntegrationRoutes(vertx.eventBus(), events, new EventPublisher(vertx.eventBus(), metrics),
        config.internalApiToken(), opsRoutes::webhookGate).mount(router);
    docs.mount(router);
    extraRoutes.accept(router);
    router.route().failureHandler(Errors::handle);
    Handler<io.vertx.ext.web.RoutingContext> notFound = ctx -> Errors.send(ctx.response(), ErrorCode.NOT_FOUND,
        Errors.defaultMessage(ErrorCode.NOT_FOUND));
    router.errorHandler(404, notFound);
    router.errorHandler(405, ctx -> Errors.send(ctx.response(), ErrorCode.METHOD_NOT_ALLOWED,
        Errors.defaultMessage(ErrorCode.METHOD_NOT_ALLOWED)));
    return router;
  }

  /** A query string that cannot be decoded (e.g. {@code %zz}) is a 400, not a failure deep inside a route. */
  private static void wellFormedQuery(io.vertx.ext.web.RoutingContext ctx) {
    try {
      ctx.request().params();
    } catch (RuntimeException e) {
      ctx.fail(AppException.badRequest("the query string is malformed"));
      return;
    }
    ctx.next();
  }

  private HttpServerOptions serverOptions() {
    return new HttpServerOptions()
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setMaxWebSocketFrameSize(MAX_WIRE_FRAME)
        .setMaxWebSocketMessageSize(MAX_WIRE_FRAME)
        .setRegisterWebSocketWriteHandlers(false)
        .setWebSocketSubProtocols(SocketProtocol.supported())
        // one outbound queue less per connection (about 4.7 KB of an idle socket): every write to a
        // connection happens on its event loop (realtime's confinement), which this mode requires
        .setStrictThreadMode(true)
        .setIdleTimeout(idleTimeoutSeconds(config))
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
  }

  /**
   * A connection on which nothing is sent or received for this long is closed: idle keep-alive
   * connections and connections that never send a request. Never a healthy WebSocket: the server
   * pings every one of them once per ping interval.
   */
  static int idleTimeoutSeconds(AppConfig config) {
    return (int) (2 * config.limits().pingInterval().toSeconds() + 5);
  }

  /** Sockets first (1001: reconnect elsewhere), or the server's shutdown would wait for them to go. */
  @Override
  public Future<?> stop() {
    sockets.stop(CloseCode.GOING_AWAY);
    tls.ifPresent(certificate -> certificate.forget(server));
    return server.shutdown(config.shutdownDrain().toMillis(), TimeUnit.MILLISECONDS);
  }
}
