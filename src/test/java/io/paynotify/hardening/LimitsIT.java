package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.realtime.ConnectionLimits;
import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.RawSocket;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sockets per user (429) and per node (503) before the upgrade, 413 on every POST, origin 403. */
@ExtendWith(VertxExtension.class)
class LimitsIT {

  static final String ORIGIN = "https://shop.example";
  static final String INTERNAL = "internal-token-for-limits-test";

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("limits")
      .env(Map.of("MAX_SOCKETS_PER_USER", "3", "MAX_SOCKETS_PER_NODE", "5", "ALLOWED_ORIGINS", ORIGIN + ",https://other.example", "INTERNAL_API_TOKEN", INTERNAL));
  final List<Tab> tabs = new ArrayList<>();

  @AfterEach
  void closeTabs() {
    tabs.forEach(Tab::close);
    ConnectionLimits limits = fx.running().connectionLimits();
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(limits.open() == 0).as(() -> limits.open() + " sockets still open").isTrue());
  }

  Tab open(String user) {
    Tab tab = Tab.connect(fx.vertx(), fromTheShop(user)).await();
    tab.ready();
    tabs.add(tab);
    return tab;
  }

  static WebSocketConnectOptions fromTheShop(String user) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fx.port())
        .setURI("/notifications/ws?token=" + Tab.encode(Tokens.valid(user))).addHeader("Origin", ORIGIN);
  }

  static RawSocket refused(String user) {
    return RawSocket.open(fx.port(), Tokens.valid(user));
  }

  @Test
  void refusesTheFourthSocketOfOneUserWith429UntilOneCloses() {
    open("alice");
    open("alice");
    Tab third = open("alice");
    try (RawSocket fourth = refused("alice")) {
      assertThat(fourth.status()).isEqualTo(429);
      assertThat(new JsonObject(fourth.body()).getString("error")).isEqualTo("too_many_requests");
    }
    assertThat(Tab.upgradeStatus(fx.vertx(), fx.port(), fromTheShop("bob"))).isEqualTo(101);
    third.close();
    await("third not released").atMost(Duration.ofSeconds(10))
        .until(() -> fx.running().connectionLimits().open() == 2);
    open("alice");
  }

  @Test
  void refusesTheSixthSocketOfTheNodeWith503() {
    open("u1");
    open("u1");
    open("u2");
    open("u2");
    open("u3");
    try (RawSocket sixth = refused("u4")) {
      assertThat(sixth.status()).isEqualTo(503);
      assertThat(new JsonObject(sixth.body()).getString("error")).isEqualTo("unavailable");
    }
    assertThat(tabs).allSatisfy(t -> assertThat(t.closeCode()).isNull());
  }

  @Test
  void answers403ToAnUpgradeFromAnOriginNotAllowed() {
    String uri = "/notifications/ws?token=" + Tab.encode(Tokens.valid("carol"));
    try (RawSocket evil = RawSocket.upgrade(fx.port(), uri, Map.of("Origin", "https://evil.example"), 0)) {
      assertThat(evil.status()).isEqualTo(403);
      assertThat(new JsonObject(evil.body()).getString("error")).isEqualTo("forbidden");
    }
    try (RawSocket shop = RawSocket.upgrade(fx.port(), uri, Map.of("Origin", ORIGIN), 0)) {
      assertThat(shop.status()).isEqualTo(101);
    }
    try (RawSocket noOrigin = RawSocket.upgrade(fx.port(), uri, Map.of(), 0)) {
      assertThat(noOrigin.status()).isEqualTo(101);
    }
  }

  @Test
  void answers413ToABodyOver64KiBOnEveryPost() {
    String over = "{\"pad\":\"" + "x".repeat(64 * 1024) + "\"}";
    String within = "{\"pad\":\"" + "x".repeat(64 * 1024 - 20) + "\"}";
    Map<String, String> headers = Map.of("content-type", "application/json", "Authorization", "Bearer " + INTERNAL);
    for (String uri : List.of("/payments/webhook?data.id=1&type=payment", "/internal/notify")) {
      Http.Response r = fx.http().request("POST", fx.port(), uri, headers, over);
      assertThat(r.status()).as(uri).isEqualTo(413);
      assertThat(r.json()).isEqualTo(new JsonObject().put("error", "payload_too_large")
          .put("message", "the request body is too large"));
      assertThat(fx.http().request("POST", fx.port(), uri, headers, within).status()).as(uri).isNotEqualTo(413);
    }
  }
}
