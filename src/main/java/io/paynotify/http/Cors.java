package io.paynotify.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * CORS for the endpoints a shop page on another origin calls with a Bearer token ({@code ALLOWED_ORIGINS}).
 * A listed origin gets {@code Access-Control-Allow-Origin} with its own name; with the list unset
 * every origin may call (the answer is {@code *}: the token is sent explicitly, never as a cookie, so
 * no credentials mode is needed). Another origin gets no CORS headers at all and the request goes on
 * as it would without CORS (its browser then refuses to hand the answer to the page). A preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered here with 204.
 * vertx-web's {@code CorsHandler} answers a request from another origin with 403 instead.
 */
final class Cors {

  private static final String ALLOWED_HEADERS = "Authorization, Content-Type";
  private static final String MAX_AGE_SECONDS = "600";

  private final List<String> origins;

  Cors(List<String> origins) {
    this.origins = List.copyOf(origins);
  }

  /** Puts the handler in front of every method of each path (preflights come as {@code OPTIONS}). */
  void mount(Router router, List<String> paths) {
    for (String path : paths) {
      router.route(path).handler(this::handle);
    }
  }

  void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    boolean preflight = ctx.request().method() == HttpMethod.OPTIONS
        && ctx.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
    HttpServerResponse response = ctx.response();
    boolean allowed = origin != null && (origins.isEmpty() || origins.contains(origin));
    if (allowed) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origins.isEmpty() ? "*" : origin);
    }
    if (!origins.isEmpty()) {
      response.putHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    }
    if (!preflight) {
      ctx.next();
      return;
    }
    if (allowed) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, OPTIONS")
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
          .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
    }
    response.setStatusCode(204).end();
  }
}
