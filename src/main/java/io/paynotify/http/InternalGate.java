package io.paynotify.http;

import io.paynotify.error.AppException;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The shop's internal API ({@code /internal/*}) is for holders of {@code INTERNAL_API_TOKEN}. Mounted on
 * a route of its own ahead of every internal route, so the token is checked from the headers alone,
 * before any route reads a body: a stranger cannot make the node buffer a body (or wait for one).
 * A route added under {@code /internal/} is covered by being there. 404 while the API is off, 401
 * without the token (compared in constant time).
 */
final class InternalGate implements Handler<RoutingContext> {

  static final String PATHS = "/internal/*";

  private final Optional<byte[]> expected;

  InternalGate(Optional<String> internalToken) {
    this.expected = internalToken.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
  }

  /** Mount before the internal routes. */
  void mount(Router router) {
    router.route(PATHS).handler(this);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (expected.isEmpty()) {
      ctx.fail(AppException.notFound("the internal API is disabled"));
      return;
    }
    String auth = ctx.request().getHeader("Authorization");
    if (auth == null || !MessageDigest.isEqual(expected.get(), auth.getBytes(StandardCharsets.UTF_8))) {
      ctx.fail(AppException.unauthorized("a valid internal token is required"));
      return;
    }
    ctx.next();
  }
}
