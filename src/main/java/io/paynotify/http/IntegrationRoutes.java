package io.paynotify.http;

import io.paynotify.db.IdempotencyKeys;
import io.paynotify.error.AppException;
import io.paynotify.error.BusErrors;
import io.paynotify.error.ClientInput;
import io.paynotify.error.ErrorCode;
import io.paynotify.notify.Addresses;
import io.paynotify.notify.EventPublisher;
import io.paynotify.notify.EventStore;
import io.paynotify.notify.EventTypes;
import io.paynotify.payment.WebhookRequest;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The machine-facing endpoints: Mercado Pago's webhook and the shop's internal API (notify, sync). */
final class IntegrationRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(IntegrationRoutes.class);
  static final int MAX_BODY = 64 * 1024;
  private static final String WEBHOOK = "/payments/webhook";

  private final EventBus eventBus;
  private final EventStore events;
  private final EventPublisher publisher;
  private final Optional<byte[]> internalToken;
  private final Handler<RoutingContext> webhookGate;

  /** {@code webhookGate} runs first on every webhook (the drain switch and the webhook meters). */
  IntegrationRoutes(EventBus eventBus, EventStore events, EventPublisher publisher, Optional<String> internalToken,
                    Handler<RoutingContext> webhookGate) {
    this.eventBus = eventBus;
    this.events = events;
    this.publisher = publisher;
    this.webhookGate = webhookGate;
    this.internalToken = internalToken.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
  }

  void mount(Router router) {
    router.post(WEBHOOK).handler(webhookGate); // a route of its own: a body handler must come first on a route
    router.post(WEBHOOK).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::webhook);
    router.post("/internal/notify").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::internalNotify);
    router.post("/internal/payments/:paymentId/sync").handler(this::sync);
  }

  /** Hands the sync to the PaymentVerticle of this node; answers the payment's resulting state. */
  private void sync(RoutingContext ctx) {
    if (!internalCaller(ctx)) {
      return;
    }
    eventBus.<JsonObject>request(Addresses.PAYMENT_SYNC, ctx.pathParam("paymentId"))
        .onSuccess(reply -> ctx.json(reply.body()))
        .onFailure(e -> ctx.fail(BusErrors.fromReply(e, AppException.unavailable("cannot sync now, retry later"))));
  }

  /** True for a caller with the internal token; otherwise fails the request (404 when the API is off, 401). */
  boolean internalCaller(RoutingContext ctx) {
    if (internalToken.isEmpty()) {
      ctx.fail(AppException.notFound("the internal API is disabled"));
      return false;
    }
    String auth = ctx.request().getHeader("Authorization");
    if (auth == null || !MessageDigest.isEqual(internalToken.get(), auth.getBytes(StandardCharsets.UTF_8))) {
      ctx.fail(AppException.unauthorized("a valid internal token is required"));
      return false;
    }
    return true;
  }

  /** Hands the webhook to the PaymentVerticle of this node; its answer is the HTTP answer. */
  private void webhook(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    WebhookRequest request = new WebhookRequest(req.getParam("data.id"), req.getParam("type"),
        req.getParam("topic"), req.getParam("id"), req.getHeader("x-signature"), req.getHeader("x-request-id"),
        ctx.body().asString(), req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress());
    eventBus.<JsonObject>request(Addresses.PAYMENT_WEBHOOK, request)
        .onSuccess(reply -> ctx.json(reply.body()))
        .onFailure(e -> ctx.fail(BusErrors.fromReply(e, AppException.unavailable(
            "cannot take notifications now, retry later"))));
  }

  private void internalNotify(RoutingContext ctx) {
    if (!internalCaller(ctx)) {
      return;
    }
    JsonObject body = jsonBody(ctx);
    String userId = body.getValue("userId") instanceof String s ? s : null;
    String type = body.getValue("type") instanceof String s ? s : null;
    Object data = body.getValue("data", new JsonObject());
    if (!EventTypes.isUserId(userId) || !EventTypes.isInternal(type) || !(data instanceof JsonObject)) {
      ctx.fail(AppException.badRequest("body must be {\"userId\":string,\"type\":UPPER_CASE,\"data\":object}; "
          + "PAYMENT_*, CREDITS_CHANGED, READY, PING and PONG are reserved"));
      return;
    }
    String key = ctx.request().getHeader("Idempotency-Key");
    (key == null ? events.append(userId, type, (JsonObject) data)
          .map(e -> new IdempotencyKeys.Reply(202, new JsonObject().put("seq", e.seq()), e))
        : events.appendOnce(userId, type, (JsonObject) data, IdempotencyKeys.checked(key)))
        .onSuccess(reply -> {
          if (reply.event() != null) {
            publisher.publish(reply.event());
          }
          ctx.response().setStatusCode(reply.status()).putHeader("content-type", "application/json")
              .end(reply.body().encode());
        })
        .onFailure(e -> {
          if (e instanceof AppException) {
            ctx.fail(e);
            return;
          }
          LOG.warn("could not store an internal event for user {}: {}", userId, e.toString());
          ctx.fail(AppException.unavailable("cannot store the event now, retry later"));
        });
  }

  /** The body as a JSON object: 415 when it is declared as something else, 400 when it is not one. */
  static JsonObject jsonBody(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    if (type != null && !type.toLowerCase().startsWith("application/json")) {
      throw new AppException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json");
    }
    return ClientInput.jsonObject(ctx.body().asString());
  }
}
