package io.paynotify.http;

import io.paynotify.error.AppException;
import io.paynotify.error.ErrorCode;
import io.paynotify.notify.EventPublisher;
import io.paynotify.ops.OpsRoutes;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The HTTP edge's router: every route of the node, in the order they are matched. */
final class EdgeRouter {

  private EdgeRouter() {
  }

  /** {@code upgrade} takes the WebSocket upgrades the router sees (see {@link SocketUpgrades}). */
  static Router build(Vertx vertx, HttpEdge edge, EdgeAssets assets, Handler<HttpServerRequest> upgrade) {
    HttpEdge.Settings settings = edge.settings();
    Router router = Router.router(vertx);
    if (settings.accessLog()) {
      router.route().handler(new AccessLog());
    }
    router.route().handler(EdgeRouter::wellFormedQuery);
    OpsRoutes opsRoutes = new OpsRoutes(edge.ops());
    opsRoutes.mount(router);
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "up")));
    // exact GETs of the path never get here (see HttpVerticle); the route serves its spellings the
    // router also matches (a trailing slash) and keeps the router's list of routes complete
    router.get(SocketUpgrades.PATH).handler(ctx -> upgrade.handle(ctx.request()));
    Cors cors = new Cors(settings.allowedOrigins());
    cors.mount(router, ApiRoutes.PATHS);
    assets.script().mount(router, cors);
    new ApiRoutes(edge.tokens(), edge.payments(), edge.events()).mount(router);
    new InternalGate(settings.internalApiToken()).mount(router); // before every internal route: token before body
    IntegrationRoutes integration = new IntegrationRoutes(vertx.eventBus(), edge.events(),
        new EventPublisher(vertx.eventBus(), edge.metrics()), settings.internalApiToken(), opsRoutes::webhookGate);
    integration.mount(router);
    new CreditRoutes(integration::internalCaller, edge.payments(), edge.credits(),
        new EventPublisher(vertx.eventBus(), edge.metrics())).mount(router);
    assets.docs().mount(router);
    edge.extraRoutes().accept(router);
    errors(router);
    return router;
  }

  private static void errors(Router router) {
    router.route().failureHandler(Errors::handle);
    router.errorHandler(404, ctx -> Errors.send(ctx.response(), ErrorCode.NOT_FOUND,
        Errors.defaultMessage(ErrorCode.NOT_FOUND)));
    router.errorHandler(405, ctx -> Errors.send(ctx.response(), ErrorCode.METHOD_NOT_ALLOWED,
        Errors.defaultMessage(ErrorCode.METHOD_NOT_ALLOWED)));
  }

  /** A query string that cannot be decoded (e.g. {@code %zz}) is a 400, not a failure deep inside a route. */
  private static void wellFormedQuery(RoutingContext ctx) {
    try {
      ctx.request().params();
    } catch (RuntimeException e) {
      ctx.fail(AppException.badRequest("the query string is malformed"));
      return;
    }
    ctx.next();
  }
}
