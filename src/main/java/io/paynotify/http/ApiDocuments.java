package io.paynotify.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

/**
 * {@code GET /openapi.yaml} and {@code GET /asyncapi.yaml}: the API descriptions of {@code docs/},
 * built into the jar, read once when the verticle starts (asynchronously: never file I/O on an event loop).
 */
final class ApiDocuments {

  private static final String OPENAPI = "paynotify/openapi.yaml";
  private static final String ASYNCAPI = "paynotify/asyncapi.yaml";

  private final Buffer openapi;
  private final Buffer asyncapi;

  private ApiDocuments(Buffer openapi, Buffer asyncapi) {
    this.openapi = openapi;
    this.asyncapi = asyncapi;
  }

  static Future<ApiDocuments> load(Vertx vertx) {
    return vertx.fileSystem().readFile(OPENAPI)
        .compose(open -> vertx.fileSystem().readFile(ASYNCAPI).map(async -> new ApiDocuments(open, async)));
  }

  void mount(Router router) {
    router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml")
        .putHeader("cache-control", "no-cache").end(openapi));
    router.get("/asyncapi.yaml").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml")
        .putHeader("cache-control", "no-cache").end(asyncapi));
  }
}
