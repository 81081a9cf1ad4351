package io.paynotify.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Services;
import io.paynotify.support.Tab;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the browser side needs from a node (not in development mode): READY names the event log
 * ({@code epoch}, fixed at schema creation) and says {@code recovered}; {@code GET /paynotify.js} with
 * its version, ETag and cache headers, and {@code /paynotify-<version>.js} immutable, its hash in the README; CORS for {@code ALLOWED_ORIGINS} on the script and the REST endpoints.
 */
@ExtendWith(VertxExtension.class)
class ClientEdgeIT {

  static final String SHOP = "https://shop.example";
  static final String OTHER = "https://evil.example";

  @RegisterExtension
  static final Services svc = Services.named("clientedge");
  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.on(svc).env("ALLOWED_ORIGINS", SHOP + ",https://other-shop.example");
  /** A second node on the same database, without ALLOWED_ORIGINS (the test's WebSocket client sends an Origin). */
  @RegisterExtension
  static final PaynotifyNode open = PaynotifyNode.on(svc);

  @Test
  void readyCarriesTheEpochOfTheDatabaseAndRecovered() {
    String epoch = fx.db().query("SELECT epoch FROM log_meta");
    assertThat(epoch).matches("[0-9a-f]{16}");
    try (Tab tab = Tab.resume(svc.vertx(), open.port(), Tokens.valid(PaynotifyNode.user()), 0)) {
      JsonObject data = tab.ready().getJsonObject("data");
      assertThat(data.getString("epoch")).isEqualTo(epoch);
      assertThat(data.getBoolean("recovered")).isTrue();
    }
  }

  @Test
  void theEpochIsMadeOnceAndKeptAcrossRestarts() {
    String epoch = fx.db().query("SELECT epoch FROM log_meta");
    assertThat(fx.db().count("SELECT count(*) FROM log_meta")).isEqualTo(1);
    Map<String, String> env = TestNode.env(fx.db(), fx.mp().url());
    try (TestNode second = TestNode.start(env); Tab tab = Tab.open(svc.vertx(), second.port(), Tokens.valid(PaynotifyNode.user()))) {
      assertThat(tab.ready().getJsonObject("data").getString("epoch")).isEqualTo(epoch);
    }
    assertThat(fx.db().count("SELECT count(*) FROM log_meta")).isEqualTo(1);
  }

  @Test
  void anotherDatabaseHasAnotherEpoch() {
    try (TestDatabase other = TestDatabase.create("clientedge2")) {
      try (TestNode node = TestNode.start(TestNode.env(other, fx.mp().url()));
           Tab tab = Tab.open(svc.vertx(), node.port(), Tokens.valid(PaynotifyNode.user()))) {
        assertThat(tab.ready().getJsonObject("data").getString("epoch"))
            .isNotEqualTo(fx.db().query("SELECT epoch FROM log_meta"));
      }
    }
  }

  @Test
  void servesTheClientModuleWithItsVersionAndCacheHeaders() throws Exception {
    Http.Response r = fx.http().get(fx.port(), "/paynotify.js", null);
    assertThat(r.status()).isEqualTo(200);
    String source = Files.readString(Path.of("clients/js/paynotify.js"));
    assertThat(r.body()).isEqualTo(source);
    String version = new JsonObject(Files.readString(Path.of("clients/js/package.json"))).getString("version");
    assertThat(r.body().lines().findFirst().orElseThrow()).contains("paynotify.js " + version);
    assertThat(r.body()).contains("export const VERSION = '" + version + "'").contains("export function connect(");
    assertThat(r.headers().get("content-type")).startsWith("text/javascript");
    assertThat(r.headers().get("cache-control")).contains("max-age=");
    String etag = r.headers().get("etag");
    assertThat(etag).startsWith("\"").endsWith("\"");

    Http.Response again = fx.http().request("GET", fx.port(), "/paynotify.js", Map.of("If-None-Match", etag), null);
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().get("etag")).isEqualTo(etag);
    Http.Response head = fx.http().request("HEAD", fx.port(), "/paynotify.js", Map.of(), null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.headers().get("etag")).isEqualTo(etag);
    Http.Response stale = fx.http().request("GET", fx.port(), "/paynotify.js", Map.of("If-None-Match", "\"old\""), null);
    assertThat(stale.status()).isEqualTo(200);
  }

  @Test
  void servesTheVersionedModuleImmutableWithTheHashTheReadmeGives() throws Exception {
    String version = new JsonObject(Files.readString(Path.of("clients/js/package.json"))).getString("version");
    Matcher pom = Pattern.compile("<artifactId>paynotify</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(pom.find()).isTrue();
    assertThat(version).as("one version for the server and the client").isEqualTo(pom.group(1));

    Http.Response r = fx.http().get(fx.port(), "/paynotify-" + version + ".js", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(fx.http().get(fx.port(), "/paynotify.js", null).body());
    assertThat(r.headers().get("cache-control")).isEqualTo("public, max-age=31536000, immutable");
    assertThat(r.headers().get("content-type")).startsWith("text/javascript");
    Http.Response allowed = fx.http().request("GET", fx.port(), "/paynotify-" + version + ".js", Map.of("Origin", SHOP), null);
    assertThat(allowed.headers().get("access-control-allow-origin")).isEqualTo(SHOP);
    assertThat(fx.http().get(fx.port(), "/paynotify-0.0.1.js", null).status()).as("another version").isEqualTo(404);

    String sri = "sha384-" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-384").digest(r.body().getBytes(StandardCharsets.UTF_8)));
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme).contains("/paynotify-" + version + ".js").contains(sri);
  }

  @Test
  void theModuleMayBeImportedFromAnAllowedOriginOnly() {
    Http.Response allowed = fx.http().request("GET", fx.port(), "/paynotify.js", Map.of("Origin", SHOP), null);
    assertThat(allowed.headers().get("access-control-allow-origin")).isEqualTo(SHOP);
    Http.Response other = fx.http().request("GET", fx.port(), "/paynotify.js", Map.of("Origin", OTHER), null);
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.headers().get("access-control-allow-origin")).isNull();
  }

  @Test
  void answersAPreflightFromAnAllowedOriginForEachRestEndpoint() {
    for (String path : new String[] {"/users/me/credits", "/notifications?since=0", "/payments/123"}) {
      Http.Response r = fx.http().request("OPTIONS", fx.port(), path, Map.of("Origin", SHOP,
          "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"), null);
      assertThat(r.status()).as(path).isEqualTo(204);
      assertThat(r.headers().get("access-control-allow-origin")).as(path).isEqualTo(SHOP);
      assertThat(r.headers().get("access-control-allow-headers")).as(path).containsIgnoringCase("authorization");
      assertThat(r.headers().get("access-control-allow-methods")).as(path).contains("GET");
      assertThat(r.headers().get("vary")).as(path).containsIgnoringCase("origin");
    }
  }

  @Test
  void givesAnotherOriginNoCorsHeaders() {
    Http.Response preflight = fx.http().request("OPTIONS", fx.port(), "/users/me/credits", Map.of("Origin", OTHER,
        "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"), null);
    assertThat(preflight.headers().get("access-control-allow-origin")).isNull();
    assertThat(preflight.headers().get("access-control-allow-headers")).isNull();
    String user = PaynotifyNode.user();
    Http.Response get = fx.http().request("GET", fx.port(), "/users/me/credits",
        Map.of("Origin", OTHER, "Authorization", "Bearer " + Tokens.valid(user)), null);
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.headers().get("access-control-allow-origin")).isNull();
  }

  @Test
  void anAllowedOriginReadsTheRestAnswersWithABearerToken() {
    String user = PaynotifyNode.user();
    Http.Response r = fx.http().request("GET", fx.port(), "/users/me/credits",
        Map.of("Origin", SHOP, "Authorization", "Bearer " + Tokens.valid(user)), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getString("userId")).isEqualTo(user);
    assertThat(r.headers().get("access-control-allow-origin")).isEqualTo(SHOP);
    Http.Response refused = fx.http().request("GET", fx.port(), "/notifications", Map.of("Origin", SHOP), null);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers().get("access-control-allow-origin")).isEqualTo(SHOP);
  }

  @Test
  void withoutAllowedOriginsEveryOriginMayCall() {
    Http.Response r = fx.http().request("OPTIONS", open.port(), "/payments/1", Map.of("Origin", OTHER,
        "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"), null);
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.headers().get("access-control-allow-origin")).isEqualTo("*");
    Http.Response script = fx.http().request("GET", open.port(), "/paynotify.js", Map.of("Origin", OTHER), null);
    assertThat(script.headers().get("access-control-allow-origin")).isEqualTo("*");
  }
}
