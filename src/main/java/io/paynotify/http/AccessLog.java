package io.paynotify.http;

import io.paynotify.logging.LogFields;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request on the logger {@code io.paynotify.access}: method, path (never the query,
 * which may hold a token), status and duration in ms, with the request's {@code x-request-id} as the
 * {@code requestId} field. Not vertx-web's LoggerHandler: that one logs every 4xx at WARN, which would
 * let anyone flood the log at WARN with bad requests. On unless {@code ACCESS_LOG=false}. WebSocket
 * upgrades are taken before the router; {@link SocketUpgrades} writes their lines (101 included).
 */
final class AccessLog implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger("io.paynotify.access");

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    HttpServerRequest request = ctx.request();
    String method = request.method().name();
    String path = request.path();
    String requestId = request.getHeader("x-request-id");
    ctx.addEndHandler(ar -> line(method, path, ctx.response().getStatusCode(), started, requestId));
    ctx.next();
  }

  /** The line of {@code request}, answered with {@code status}, begun at {@code started} ({@link System#nanoTime()}). */
  static void line(HttpServerRequest request, int status, long started) {
    line(request.method().name(), request.path(), status, started, request.getHeader("x-request-id"));
  }

  private static void line(String method, String path, int status, long started, String requestId) {
    try (LogFields fields = LogFields.of(LogFields.REQUEST_ID, requestId)) {
      LOG.info("{} {} {} {} ms", method, path, status, (System.nanoTime() - started) / 1_000_000);
    }
  }
}
