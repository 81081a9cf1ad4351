package io.paynotify.http;

import io.paynotify.error.AppException;
import io.paynotify.error.ClientInput;
import io.paynotify.auth.AuthUser;
import io.paynotify.auth.UserTokens;
import io.paynotify.notify.EventStore;
import io.paynotify.notify.UserEvent;
import io.paynotify.payment.PaymentQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/** The user-facing REST endpoints: balance, the event log over HTTP, one payment's state. */
final class ApiRoutes {

  private static final int MAX_LIMIT = 500;
  private static final String CREDITS = "/users/me/credits";
  private static final String NOTIFICATIONS = "/notifications";
  private static final String PAYMENT = "/payments/:paymentId";
  /** The paths a shop page on another origin calls (for CORS). */
  static final List<String> PATHS = List.of(CREDITS, NOTIFICATIONS, PAYMENT);

  private final UserTokens tokens;
  private final PaymentQueries payments;
  private final EventStore events;

  ApiRoutes(UserTokens tokens, PaymentQueries payments, EventStore events) {
    this.tokens = tokens;
    this.payments = payments;
    this.events = events;
  }

  void mount(Router router) {
    router.get(CREDITS).handler(ctx -> authenticated(ctx, this::credits));
    router.get(NOTIFICATIONS).handler(ctx -> authenticated(ctx, user -> notifications(ctx, user)));
    router.get(PAYMENT).handler(ctx -> authenticated(ctx, user -> payment(ctx, user)));
  }

  private Future<JsonObject> credits(AuthUser user) {
    return payments.credits(user.userId())
        .map(total -> new JsonObject().put("userId", user.userId()).put("totalCredits", total));
  }

  /** The log after {@code since} (default 0); {@code recovered} false when retention deleted events after it. */
  private Future<JsonObject> notifications(RoutingContext ctx, AuthUser user) {
    long since = ClientInput.wholeNumber("since", ctx.request().getParam("since"), 0, Long.MAX_VALUE);
    int limit = (int) ClientInput.wholeNumber("limit", ctx.request().getParam("limit"), 100, MAX_LIMIT);
    if (limit < 1) {
      throw AppException.badRequest("limit must be from 1 to " + MAX_LIMIT);
    }
    return Future.all(events.after(user.userId(), since, limit),
            events.resumePoint(user.userId(), since))
        .map(both -> {
          JsonArray array = new JsonArray();
          both.<List<UserEvent>>resultAt(0).stream().map(UserEvent::toFrameJson).forEach(array::add);
          return new JsonObject().put("events", array)
              .put("recovered", both.<EventStore.ResumePoint>resultAt(1).recovered());
        });
  }

  private Future<JsonObject> payment(RoutingContext ctx, AuthUser user) {
    return payments.ownPayment(user.userId(), ctx.pathParam("paymentId"))
        .map(found -> found.orElseThrow(() -> AppException.notFound("no such payment")));
  }

  /** Authenticates with {@code Authorization: Bearer}, runs {@code action}, answers its JSON. */
  private void authenticated(RoutingContext ctx, Function<AuthUser, Future<JsonObject>> action) {
    tokens.authenticate(ctx.request(), false)
        .compose(action)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
