package io.paynotify.http;

import io.paynotify.credits.CreditStore;
import io.paynotify.db.IdempotencyKeys;
import io.paynotify.error.AppException;
import io.paynotify.notify.EventPublisher;
import io.paynotify.notify.EventTypes;
import io.paynotify.payment.PaymentQueries;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credits API for the shop's backend (CONTRACT §6): {@code GET} and {@code POST
 * /internal/users/{userId}/credits}. The token is checked before the body is read; a change needs an
 * {@code Idempotency-Key}, is applied atomically ({@link CreditStore}) and its {@code CREDITS_CHANGED}
 * event is pushed to the user's tabs after the commit.
 */
final class CreditRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(CreditRoutes.class);
  static final String PATH = "/internal/users/:userId/credits";
  static final long MAX_AMOUNT = 1_000_000_000L;
  static final int MAX_REASON = 64;
  private static final int MAX_BODY = 4 * 1024;

  private final Predicate<RoutingContext> internalCaller;
  private final PaymentQueries queries;
  private final CreditStore store;
  private final EventPublisher publisher;

  /** {@code internalCaller} answers (404 / 401) and returns false unless the caller has the internal token. */
  CreditRoutes(Predicate<RoutingContext> internalCaller, PaymentQueries queries, CreditStore store,
               EventPublisher publisher) {
    this.internalCaller = internalCaller;
    this.queries = queries;
    this.store = store;
    this.publisher = publisher;
  }

  void mount(Router router) {
    router.get(PATH).handler(this::authorized).handler(this::read);
    router.post(PATH).handler(this::authorized); // a route of its own: a body handler must come first on a route
    router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::change);
  }

  private void authorized(RoutingContext ctx) {
    if (internalCaller.test(ctx)) {
      ctx.next();
    }
  }

  private void read(RoutingContext ctx) {
    String userId = userId(ctx);
    queries.credits(userId)
        .onSuccess(total -> ctx.json(new JsonObject().put("userId", userId).put("totalCredits", total)))
        .onFailure(e -> ctx.fail(AppException.unavailable("cannot read the balance now, retry later")));
  }

  private void change(RoutingContext ctx) {
    String userId = userId(ctx);
    String key = IdempotencyKeys.checked(ctx.request().getHeader("Idempotency-Key"));
    JsonObject body = IntegrationRoutes.jsonBody(ctx);
    CreditStore.Change change = new CreditStore.Change(userId, amount(body), reason(body), key);
    store.apply(change)
        .onSuccess(reply -> {
          if (reply.event() != null) {
            publisher.publish(reply.event());
          }
          ctx.response().setStatusCode(reply.status()).putHeader("content-type", "application/json")
              .end(reply.body().encode());
        })
        .onFailure(e -> ctx.fail(e instanceof AppException ? e : unavailable(userId, e)));
  }

  private static AppException unavailable(String userId, Throwable e) {
    LOG.warn("could not change the credits of user {}: {}", userId, e.toString());
    return AppException.unavailable("cannot change the balance now, retry later");
  }

  private static String userId(RoutingContext ctx) {
    String userId = ctx.pathParam("userId");
    if (!EventTypes.isUserId(userId) || userId.chars().anyMatch(Character::isISOControl)) {
      throw AppException.badRequest("the user id must be 1 to " + EventTypes.MAX_USER_ID
          + " characters without control characters");
    }
    return userId;
  }

  private static long amount(JsonObject body) {
    Object amount = body.getValue("amount");
    if (!(amount instanceof Integer || amount instanceof Long) || ((Number) amount).longValue() == 0
        || Math.abs(((Number) amount).longValue()) > MAX_AMOUNT) {
      throw AppException.badRequest("amount must be a non-zero whole number from -" + MAX_AMOUNT + " to " + MAX_AMOUNT);
    }
    return ((Number) amount).longValue();
  }

  private static String reason(JsonObject body) {
    if (!(body.getValue("reason") instanceof String reason) || reason.isBlank() || reason.length() > MAX_REASON
        || reason.chars().anyMatch(Character::isISOControl)) {
      throw AppException.badRequest("reason must be a string of 1 to " + MAX_REASON + " characters");
    }
    return reason;
  }
}
