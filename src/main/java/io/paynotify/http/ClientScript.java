package io.paynotify.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The browser client (clients/js/paynotify.js, copied into the jar at build time), always served, at
 * two paths. {@code GET /paynotify.js}: a strong {@code ETag} (304 on {@code If-None-Match}) and a
 * short {@code Cache-Control}, so a page picks up a new release within minutes without re-downloading
 * it. {@code GET /paynotify-<version>.js}: the same bytes, which never change under that name, so
 * cached for a year as {@code immutable}, and a page can pin them with Subresource Integrity. The
 * version is the script's own {@code VERSION} (the project has one version: pom.xml, package.json).
 */
final class ClientScript {

  static final String PATH = "/paynotify.js";
  /** Only this node's own version answers; any other is a 404. */
  static final String VERSIONED_PATH = "/paynotify-:version.js";
  static final String RESOURCE = "paynotify/client/paynotify.js";
  private static final String CACHE_CONTROL = "public, max-age=300";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final Pattern VERSION = Pattern.compile("export const VERSION = '([0-9A-Za-z.+-]+)';");

  private final Buffer body;
  private final String etag;
  private final String version;

  private ClientScript(Buffer body) {
    this.body = body;
    this.etag = "\"" + sha256(body.getBytes()).substring(0, 32) + "\"";
    Matcher version = VERSION.matcher(body.toString(StandardCharsets.UTF_8));
    if (!version.find()) {
      throw new IllegalStateException(RESOURCE + " declares no VERSION");
    }
    this.version = version.group(1);
  }

  /** Reads the script from the classpath (off the event loop: Vert.x's file system is asynchronous). */
  static Future<ClientScript> load(Vertx vertx) {
    return vertx.fileSystem().readFile(RESOURCE).map(ClientScript::new);
  }

  /** Both paths, each with CORS in front (a page on the shop's origin imports the module). */
  void mount(Router router, Cors cors) {
    cors.mount(router, List.of(PATH, VERSIONED_PATH));
    router.route(PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> handle(ctx, CACHE_CONTROL));
    router.route(VERSIONED_PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
      if (version.equals(ctx.pathParam("version"))) {
        handle(ctx, IMMUTABLE);
      } else {
        ctx.next();
      }
    });
  }

  private void handle(RoutingContext ctx, String cacheControl) {
    ctx.response().putHeader(HttpHeaders.ETAG, etag).putHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
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
