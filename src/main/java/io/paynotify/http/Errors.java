package io.paynotify.http;

import io.paynotify.error.ErrorCode;
import io.paynotify.error.AppException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure to {@code {"error","message"}}; 5xx are logged with the stack, 4xx quietly. */
public final class Errors {

  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {
  }

  /** The router's failure handler. */
  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof AppException app) {
      send(ctx.response(), app.code(), app.getMessage());
      return;
    }
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    ErrorCode code = ErrorCode.forStatus(status);
    if (code.status() >= 500) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
    }
    send(ctx.response(), code, defaultMessage(code));
  }

  /**
   * The server's handler for requests the HTTP codec could not decode (before any route runs): the
   * same shape, 414 / 431 / 400, then the connection is closed as its framing can't be trusted.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ErrorCode code = cause instanceof TooLongHttpLineException ? ErrorCode.URI_TOO_LONG
        : cause instanceof TooLongHttpHeaderException ? ErrorCode.HEADERS_TOO_LARGE : ErrorCode.BAD_REQUEST;
    request.response().setStatusCode(code.status()).putHeader("content-type", "application/json")
        .putHeader("connection", "close")
        .end(new JsonObject().put("error", code.wire()).put("message", defaultMessage(code)).encode())
        .onComplete(ar -> request.connection().close());
  }

  public static void send(HttpServerResponse response, ErrorCode code, String message) {
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(code.status())
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", code.wire()).put("message", message).encode());
  }

  public static String defaultMessage(ErrorCode code) {
    return switch (code) {
      case BAD_REQUEST -> "the request is malformed";
      case UNAUTHORIZED -> "a valid token is required";
      case FORBIDDEN -> "not allowed";
      case NOT_FOUND -> "no such resource";
      case METHOD_NOT_ALLOWED -> "method not allowed here";
      case REQUEST_TIMEOUT -> "the request did not arrive whole in time";
      case PAYLOAD_TOO_LARGE -> "the request body is too large";
      case URI_TOO_LONG -> "the request line is too long";
      case UNSUPPORTED_MEDIA_TYPE -> "the body must be JSON";
      case INSUFFICIENT_CREDITS -> "the balance is too low for this debit";
      case IDEMPOTENCY_KEY_REUSED -> "this Idempotency-Key was used for another request";
      case UPGRADE_REQUIRED -> "this server speaks WebSocket version 13";
      case TOO_MANY_REQUESTS -> "too many connections";
      case HEADERS_TOO_LARGE -> "the request headers are too large";
      case UNAVAILABLE -> "temporarily unavailable, retry later";
      case INTERNAL -> "internal error";
    };
  }
}
