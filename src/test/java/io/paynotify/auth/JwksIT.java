package io.paynotify.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paynotify.support.Ports;
import io.paynotify.support.Services;
import io.paynotify.support.SigningKey;
import io.paynotify.support.Tab;
import io.paynotify.support.TestNode;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code JWT_JWKS_URL}: the identity provider (a JWKS server in the test) rotates its signing key
 * while a WebSocket client reconnects with a token of the new key: accepted, no restart. Made-up
 * {@code kid}s cost at most one fetch per {@code JWT_JWKS_MIN_REFRESH_SECONDS}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JwksIT {

  @RegisterExtension
  static final Services svc = Services.named("jwks");
  static HttpServer jwks;
  static final AtomicReference<List<SigningKey>> published = new AtomicReference<>();
  static final AtomicInteger fetches = new AtomicInteger();

  @BeforeAll
  static void start() {
    jwks = svc.vertx().createHttpServer().requestHandler(req -> {
      fetches.incrementAndGet();
      JsonArray keys = new JsonArray();
      published.get().forEach(k -> keys.add(k.jwk()));
      req.response().putHeader("content-type", "application/json").putHeader("cache-control", "max-age=300")
          .end(new JsonObject().put("keys", keys).encode());
    }).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    jwks.close().await();
  }

  static Map<String, String> env() {
    Map<String, String> env = TestNode.env(svc.db(), svc.mp().url());
    env.remove("JWT_SECRET");
    env.put("JWT_JWKS_URL", "http://127.0.0.1:" + jwks.actualPort() + "/.well-known/jwks.json");
    env.put("JWT_JWKS_MIN_REFRESH_SECONDS", "60");
    return env;
  }

  @Test
  void aTokenOfARotatedInKeyIsAcceptedWithoutARestart() throws Exception {
    SigningKey oldKey = SigningKey.rs256("rsa-2026-01");
    SigningKey newKey = SigningKey.es256("ec-2026-02");
    published.set(List.of(oldKey));
    int before = fetches.get();
    try (TestNode node = TestNode.start(env())) {
      assertThat(fetches.get() - before).isEqualTo(1);
      try (Tab tab = Tab.open(svc.vertx(), node.port(), oldKey.token("7"))) {
        assertThat(tab.ready().getJsonObject("data").getString("userId")).isEqualTo("7");
      }
      published.set(List.of(newKey)); // the identity provider rotates: the old key is gone
      try (Tab tab = Tab.open(svc.vertx(), node.port(), newKey.token("7"))) {
        assertThat(tab.ready().getJsonObject("data").getString("userId")).isEqualTo("7");
      }
      assertThat(fetches.get() - before).isEqualTo(2);
      assertThat(Tab.upgradeStatus(svc.vertx(), node.port(), "token=" + oldKey.token("7"))).isEqualTo(401);
    }
  }

  @Test
  void unknownKidsCauseAtMostOneFetchPerInterval() throws Exception {
    SigningKey key = SigningKey.rs256("rsa-only");
    SigningKey stranger = SigningKey.rs256("stranger");
    published.set(List.of(key));
    int before = fetches.get();
    try (TestNode node = TestNode.start(env())) {
      for (int i = 0; i < 20; i++) {
        assertThat(Tab.upgradeStatus(svc.vertx(), node.port(), "token=" + stranger.token("8", "made-up-" + i)))
            .isEqualTo(401);
      }
      // the start fetch, then at most one for the whole flood (JWT_JWKS_MIN_REFRESH_SECONDS=60)
      assertThat(fetches.get() - before).isEqualTo(2);
      try (Tab tab = Tab.open(svc.vertx(), node.port(), key.token("8"))) {
        assertThat(tab.ready().getJsonObject("data").getString("userId")).isEqualTo("8");
      }
    }
  }

  @Test
  void aNodeThatCannotFetchItsKeysDoesNotStart() {
    Map<String, String> env = env();
    env.put("JWT_JWKS_URL", "http://127.0.0.1:" + Ports.free() + "/jwks.json");
    assertThatThrownBy(() -> TestNode.start(env))
        .hasMessageContaining("JWT_JWKS_URL: cannot load signing keys");
  }
}
