package io.paynotify.dev;

import io.paynotify.config.AppConfig;
import io.paynotify.config.Plan;
import io.paynotify.error.AppException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Development helpers: {@code GET /dev/token?userId=}, {@code POST /dev/pay} (a payment in the
 * stand-in, in any state, refunds and disputes included, then a signed webhook to this node), {@code POST /dev/checkout} (a checkout: pending, then
 * approved or declined a moment later, see {@link DemoCheckout}) and the demo page at {@code /}.
 */
final class DevRoutes {

  private final AppConfig config;
  private final MercadoPagoStandIn standIn;

  DevRoutes(AppConfig config, MercadoPagoStandIn standIn) {
    this.config = config;
    this.standIn = standIn;
  }

  void mount(Router router) {
    router.get("/dev/token").handler(this::token);
    router.post("/dev/pay").handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::pay);
    router.post("/dev/checkout").handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::checkout);
    router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
  }

  private void token(RoutingContext ctx) {
    String userId = ctx.request().getParam("userId", "42");
    String secret = config.jwt().secret().orElseThrow(() -> AppException.notFound("tokens are minted only with JWT_SECRET"));
    JWTAuth jwt = JWTAuth.create(ctx.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    String token = jwt.generateToken(new JsonObject().put("sub", userId),
        new JWTOptions().setExpiresInMinutes(60));
    ctx.json(new JsonObject().put("userId", userId).put("token", token));
  }

  /** {@code {"userId":"42","planType":"addon_3","declined":false}}: answers {@code {"paymentId"}} once pending. */
  private void checkout(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String userId = body == null ? null : body.getString("userId");
    if (userId == null) {
      throw AppException.badRequest("userId is required");
    }
    Plan plan = config.plan(body.getString("planType", "addon_3")).orElseThrow(() -> AppException.badRequest("unknown planType"));
    WebhookSender sender = new WebhookSender(ctx.vertx().createHttpClient(), config.mercadoPago().webhookSecret());
    new DemoCheckout(ctx.vertx(), standIn, sender, config.httpPort())
        .start(userId, plan, body.getBoolean("declined", false))
        .onSuccess(paymentId -> ctx.json(new JsonObject().put("paymentId", paymentId)))
        .onFailure(ctx::fail);
  }

  private void pay(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String userId = body == null ? null : body.getString("userId");
    Plan plan = config.plan(body == null ? null : body.getString("planType", "addon_3"))
        .orElseThrow(() -> AppException.badRequest("unknown planType"));
    if (userId == null) {
      throw AppException.badRequest("userId is required");
    }
    String status = body.getString("status", "approved");
    String paymentId = body.getString("paymentId", FakePayments.nextId());
    JsonObject payment = FakePayments.payment(paymentId, userId, plan, status);
    // the money states: {"status":"approved","statusDetail":"partially_refunded","refunded":"500"}, in_mediation, ...
    payment.put("status_detail", body.getString("statusDetail", payment.getString("status_detail")));
    if (body.getValue("refunded") != null) {
      payment.put("transaction_amount_refunded", new java.math.BigDecimal(String.valueOf(body.getValue("refunded"))));
    }
    standIn.put(payment);
    new WebhookSender(ctx.vertx().createHttpClient(), config.mercadoPago().webhookSecret())
        .send("127.0.0.1", config.httpPort(), paymentId)
        .onSuccess(resp -> ctx.json(new JsonObject().put("paymentId", paymentId).put("webhookStatus", resp.statusCode())))
        .onFailure(ctx::fail);
  }
}
