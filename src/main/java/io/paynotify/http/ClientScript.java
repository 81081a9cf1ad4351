package io.paynotify.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code GET /paynotify.js}: the browser client (clients/js/paynotify.js, copied into the jar at
 * build time), always served, with a strong {@code ETag} (304 on {@code If-None-Match}) and a short
 * {@code Cache-Control}, so a page picks up a new release within minutes without re-downloading it.
 */
final class ClientScript {

  static final String PATH = "/paynotify.js";
  static final String RESOURCE = "paynotify/client/paynotify.js";
  private static final String CACHE_CONTROL = "public, max-age=300";

  private final Buffer body;
  private final String etag;

  private ClientScript(Buffer body) {
    this.body = body;
    this.etag = "\"" + sha256(body.getBytes()).substring(0, 32) + "\"";
  }

  /** Reads the script from the classpath (off the event loop: Vert.x's file system is asynchronous). */
  static Future<ClientScript> load(Vertx vertx) {
    return vertx.fileSystem().readFile(RESOURCE).map(ClientScript::new);
  }

  void handle(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.ETAG, etag).putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
    if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/javascript; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(body);
  }

  private boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
