package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.Fixture;
import io.paynotify.support.Http;
import io.paynotify.support.RawHttp;
import io.paynotify.support.RawSocket;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every error status a client can see has the one JSON shape, its own code, and no exception text. */
@ExtendWith(VertxExtension.class)
class ErrorShapeIT {

  static final String INTERNAL = "internal-token-for-error-shape-test";

  static Fixture fx;

  @BeforeAll
  static void start(Vertx vertx) {
    fx = Fixture.start(vertx, "errorshape", Map.of("MAX_SOCKETS_PER_USER", "1", "MAX_SOCKETS_PER_NODE", "2",
        "ALLOWED_ORIGINS", "https://shop.example", "INTERNAL_API_TOKEN", INTERNAL));
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  static void assertShape(int status, String body, int expectedStatus, String expectedCode) {
    assertThat(status).isEqualTo(expectedStatus);
    JsonObject json = new JsonObject(body);
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("error", "message");
    assertThat(json.getString("error")).isEqualTo(expectedCode);
    assertThat(json.getString("message")).isNotBlank().hasSizeLessThan(200)
        .doesNotContainIgnoringCase("exception").doesNotContain("io.vertx", "java.", "\tat ", "Caused by");
  }

  static void assertShape(Http.Response r, int expectedStatus, String expectedCode) {
    assertShape(r.status(), r.body(), expectedStatus, expectedCode);
    assertThat(r.headers().get("content-type")).startsWith("application/json");
  }

  static Http.Response get(String uri, String token) {
    return fx.http.get(fx.port(), uri, token);
  }

  @Test
  void answers400WithTheShapeForBadParametersAndUndecodableQueries() {
    String token = Tokens.valid("42");
    assertShape(get("/notifications?since=abc", token), 400, "bad_request");
    assertShape(get("/notifications?limit=0", token), 400, "bad_request");
    Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
    for (String uri : new String[] {"/notifications?since=%zz", "/notifications?since=%", "/users/me/credits?x=%E0%A4%A",
        "/payments/webhook?data.id=%G1&type=payment", "/notifications/ws?since=%zz&token=x"}) {
      RawHttp.Answer r = RawHttp.send(fx.port(), uri.contains("webhook") ? "POST" : "GET", uri, auth, "{}");
      assertShape(r.status(), r.body(), 400, "bad_request");
    }
    assertShape(fx.http.rawWebhook(fx.port(), "?data.id=abc&type=payment", "ts=1,v1=00", "r", "{}"), 400, "bad_request");
    assertShape(fx.http.rawWebhook(fx.port(), "?data.id=1&type=payment", "ts=1,v1=00", "r", "[not json"), 400, "bad_request");
    try (RawSocket ws = RawSocket.upgrade(fx.port(), "/notifications/ws?since=%zz&token=x", Map.of(), 0)) {
      assertShape(ws.status(), ws.body(), 400, "bad_request");
    }
  }

  @Test
  void answers401403404405415WithTheShape() {
    assertShape(get("/users/me/credits", null), 401, "unauthorized");
    assertShape(get("/users/me/credits", "a.b.c"), 401, "unauthorized");
    assertShape(fx.http.rawWebhook(fx.port(), "?data.id=123&type=payment", "ts=1,v1=00", "r", "{}"), 401, "unauthorized");
    try (RawSocket ws = RawSocket.upgrade(fx.port(), "/notifications/ws?token=" + Tab.encode(Tokens.valid("42")),
        Map.of("Origin", "https://evil.example"), 0)) {
      assertShape(ws.status(), ws.body(), 403, "forbidden");
    }
    assertShape(get("/no/such/thing", null), 404, "not_found");
    assertShape(get("/payments/999", Tokens.valid("42")), 404, "not_found");
    assertShape(fx.http.request("DELETE", fx.port(), "/users/me/credits", Map.of(), null), 405, "method_not_allowed");
    assertShape(fx.http.request("POST", fx.port(), "/health", Map.of(), "{}"), 405, "method_not_allowed");
    assertShape(fx.http.request("POST", fx.port(), "/internal/notify",
        Map.of("Authorization", "Bearer " + INTERNAL, "content-type", "text/plain"), "hello"), 415, "unsupported_media_type");
  }

  @Test
  void answersRequestsTheHttpCodecRefusesWithTheShapeToo() {
    RawHttp.Answer longLine = RawHttp.send(fx.port(), "GET", "/health?x=" + "a".repeat(5000), Map.of(), "");
    assertShape(longLine.status(), longLine.body(), 414, "uri_too_long");
    RawHttp.Answer bigHeaders = RawHttp.send(fx.port(), "GET", "/health", Map.of("x-big", "b".repeat(9000)), "");
    assertShape(bigHeaders.status(), bigHeaders.body(), 431, "headers_too_large");
    RawHttp.Answer broken = RawHttp.send(fx.port(), "GET", "/health", Map.of("bad header", "x"), "");
    assertShape(broken.status(), broken.body(), 400, "bad_request");
    assertThat(fx.http.get(fx.port(), "/health", null).status()).isEqualTo(200);
  }

  @Test
  void answers413429503WithTheShape() {
    assertShape(fx.http.request("POST", fx.port(), "/payments/webhook?data.id=1&type=payment",
        Map.of("content-type", "application/json"), "x".repeat(70_000)), 413, "payload_too_large");
    try (RawSocket first = RawSocket.open(fx.port(), Tokens.valid("a"));
         RawSocket second = RawSocket.open(fx.port(), Tokens.valid("a"))) {
      assertThat(first.status()).isEqualTo(101);
      assertShape(second.status(), second.body(), 429, "too_many_requests");
      try (RawSocket other = RawSocket.open(fx.port(), Tokens.valid("b"));
           RawSocket third = RawSocket.open(fx.port(), Tokens.valid("c"))) {
        assertThat(other.status()).isEqualTo(101);
        assertShape(third.status(), third.body(), 503, "unavailable");
      }
    }
  }

  @Test
  void theCreditsApiAnswers400409422WithTheShape() {
    String path = "/internal/users/shape-user/credits";
    Map<String, String> noKey = Map.of("Authorization", "Bearer " + INTERNAL, "content-type", "application/json");
    assertShape(fx.http.request("POST", fx.port(), path, noKey, "{\"amount\":1,\"reason\":\"x\"}"), 400, "bad_request");
    Map<String, String> keyed = Map.of("Authorization", "Bearer " + INTERNAL, "content-type", "application/json",
        "Idempotency-Key", "shape-key-1");
    assertShape(fx.http.request("POST", fx.port(), path, keyed, "{\"amount\":-1,\"reason\":\"x\"}"), 409,
        "insufficient_credits");
    assertShape(fx.http.request("POST", fx.port(), path, keyed, "{\"amount\":-2,\"reason\":\"x\"}"), 422,
        "idempotency_key_reused");
    assertShape(fx.http.request("POST", fx.port(), path, Map.of("Idempotency-Key", "k"), "{}"), 401, "unauthorized");
  }
}
