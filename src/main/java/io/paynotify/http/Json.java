package io.paynotify.http;

import io.paynotify.error.ErrorCode;
import io.paynotify.error.AppException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading JSON request bodies with the one error shape. */
final class Json {

  private Json() {
  }

  /** The body as a JSON object: 415 when it is declared as something else, 400 when it is not one. */
  static JsonObject objectBody(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    if (type != null && !type.toLowerCase().startsWith("application/json")) {
      throw new AppException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json");
    }
    try {
      return new JsonObject(ctx.body().buffer() == null ? "" : ctx.body().asString());
    } catch (DecodeException | ClassCastException e) {
      throw AppException.badRequest("the body must be a JSON object");
    }
  }
}
