package io.paynotify.http;

import io.paynotify.logging.LogFields;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request on the logger {@code io.paynotify.access}: method, path (never the query,
 * which may hold a token), status and duration in ms, with the request's {@code x-request-id} as the
 * {@code requestId} field. Not vertx-web's LoggerHandler: that one logs every 4xx at WARN, which would
 * let anyone flood the log at WARN with bad requests. On unless {@code ACCESS_LOG=false}. An accepted
 * WebSocket upgrade has no line: its 101 is written by the handshake, not through the response.
 */
final class AccessLog implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger("io.paynotify.access");

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    String method = ctx.request().method().name();
    String path = ctx.request().path();
    String requestId = ctx.request().getHeader("x-request-id");
    ctx.addEndHandler(ar -> {
      try (LogFields fields = LogFields.of(LogFields.REQUEST_ID, requestId)) {
        LOG.info("{} {} {} {} ms", method, path, ctx.response().getStatusCode(), (System.nanoTime() - started) / 1_000_000);
      }
    });
    ctx.next();
  }
}
