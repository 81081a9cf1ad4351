package io.paynotify.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.Fixture;
import io.paynotify.support.Http;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The credits API for the shop's backend (CONTRACT §6) and {@code Idempotency-Key} on {@code /internal/notify}. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class CreditsApiIT {

  static Fixture f;

  @BeforeAll
  static void start(Vertx vertx) {
    f = Fixture.start(vertx, "creditsapi", Map.of("INTERNAL_API_TOKEN", Fixture.INTERNAL_TOKEN));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static Http.Response change(String user, String key, String body) {
    Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + Fixture.INTERNAL_TOKEN,
        "content-type", "application/json"));
    if (key != null) {
      headers.put("Idempotency-Key", key);
    }
    return f.http.request("POST", f.port(), "/internal/users/" + user + "/credits", headers, body);
  }

  static Http.Response change(String user, String key, long amount, String reason) {
    return change(user, key, new JsonObject().put("amount", amount).put("reason", reason).encode());
  }

  static String key() {
    return UUID.randomUUID().toString();
  }

  static long balance(String user) {
    Http.Response r = f.http.request("GET", f.port(), "/internal/users/" + user + "/credits",
        Map.of("Authorization", "Bearer " + Fixture.INTERNAL_TOKEN), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getString("userId")).isEqualTo(user);
    return r.json().getLong("totalCredits");
  }

  @Test
  void aUserNeverSeenHasZeroAndACreditIsAppliedStoredAndPushed() {
    String user = Fixture.user();
    assertThat(balance(user)).isZero();
    try (Tab tab = Tab.open(f.vertx, f.port(), Tokens.valid(user))) {
      tab.ready();
      Http.Response r = change(user, key(), 7, "welcome");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json()).isEqualTo(new JsonObject().put("userId", user).put("totalCredits", 7).put("seq", 1));
      JsonObject event = tab.awaitEvent("CREDITS_CHANGED");
      assertThat(event.getLong("seq")).isEqualTo(1);
      assertThat(event.getJsonObject("data").getInteger("amount")).isEqualTo(7);
      assertThat(event.getJsonObject("data").getString("reason")).isEqualTo("welcome");
      assertThat(event.getJsonObject("data").getLong("totalCredits")).isEqualTo(7);
      assertThat(event.getJsonObject("data").getString("timestamp")).isNotBlank();
    }
    assertThat(balance(user)).isEqualTo(7);
    assertThat(f.credits(user)).isEqualTo(7);
  }

  @Test
  void aRepeatedKeyGetsTheFirstAnswerAndAppliesNothingTwice() {
    String user = Fixture.user();
    String key = key();
    Http.Response first = change(user, key, 3, "gift");
    Http.Response again = change(user, key, 3, "gift");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(balance(user)).isEqualTo(3);
    assertThat(f.eventCount(user)).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIs422AndChangesNothing() {
    String user = Fixture.user();
    String key = key();
    assertThat(change(user, key, 3, "gift").status()).isEqualTo(200);
    for (Http.Response r : List.of(change(user, key, 4, "gift"), change(user, key, 3, "other"),
        change(Fixture.user(), key, 3, "gift"))) {
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.json().getString("error")).isEqualTo("idempotency_key_reused");
    }
    assertThat(balance(user)).isEqualTo(3);
  }

  @Test
  void aDebitBelowZeroIs409AndChangesNothingAndItsKeyKeepsThatAnswer() {
    String user = Fixture.user();
    assertThat(change(user, key(), 2, "gift").status()).isEqualTo(200);
    String key = key();
    Http.Response r = change(user, key, -3, "export");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().getString("error")).isEqualTo("insufficient_credits");
    assertThat(balance(user)).isEqualTo(2);
    assertThat(f.eventCount(user)).isEqualTo(1);
    assertThat(change(user, key(), 5, "gift").status()).isEqualTo(200);
    assertThat(change(user, key, -3, "export").status()).isEqualTo(409);
    assertThat(balance(user)).isEqualTo(7);
    assertThat(change(Fixture.user(), key(), -1, "export").status()).isEqualTo(409);
  }

  @Test
  void twentyConcurrentDebitsOnABalanceOfFiveApplyExactlyFive() {
    String user = Fixture.user();
    assertThat(change(user, key(), 5, "gift").status()).isEqualTo(200);
    List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> change(user, key(), -1, "export")));
    }
    List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(Http.Response::status).toList();
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(5);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(15);
    assertThat(balance(user)).isZero();
    assertThat(f.eventCount(user)).isEqualTo(6);
  }

  @Test
  void aMissingOrOverlongKeyIs400() {
    String user = Fixture.user();
    for (String key : new String[] {null, "", "k".repeat(256), "with space", "tab\tkey"}) {
      Http.Response r = change(user, key, 1, "gift");
      assertThat(r.status()).as("key %s", key).isEqualTo(400);
      assertThat(r.json().getString("error")).isEqualTo("bad_request");
    }
    assertThat(change(user, "k".repeat(255), 1, "gift").status()).isEqualTo(200);
    assertThat(balance(user)).isEqualTo(1);
  }

  @Test
  void badBodiesAmountsAndUserIdsAre400AndChangeNothing() {
    String user = Fixture.user();
    List<String> bodies = List.of("", "[]", "not json", "{}", "{\"amount\":0,\"reason\":\"x\"}",
        "{\"amount\":1.5,\"reason\":\"x\"}", "{\"amount\":\"1\",\"reason\":\"x\"}", "{\"amount\":1}",
        "{\"amount\":1,\"reason\":\"\"}", "{\"amount\":1,\"reason\":\"" + "r".repeat(65) + "\"}",
        "{\"amount\":1,\"reason\":\"a\\u0000b\"}", "{\"amount\":99999999999999999999,\"reason\":\"x\"}",
        "{\"amount\":1000000001,\"reason\":\"x\"}", "{\"amount\":null,\"reason\":\"x\"}");
    for (String body : bodies) {
      Http.Response r = change(user, key(), body);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.json().getString("error")).isEqualTo("bad_request");
    }
    for (String badUser : new String[] {"u".repeat(129), "%00", "a%0Ab", "%20"}) {
      assertThat(change(badUser, key(), 1, "gift").status()).as(badUser).isEqualTo(400);
    }
    assertThat(f.db.count("SELECT count(*) FROM accounts WHERE user_id = '" + user + "'")).isZero();
    assertThat(change(user, key(), "x".repeat(5000)).status()).isEqualTo(413);
  }

  @Test
  void withoutTheInternalTokenBothAre401() {
    String user = Fixture.user();
    for (String auth : new String[] {null, "Bearer wrong", "Bearer " + Tokens.valid(user)}) {
      Map<String, String> headers = new HashMap<>(Map.of("Idempotency-Key", key(), "content-type", "application/json"));
      if (auth != null) {
        headers.put("Authorization", auth);
      }
      String path = "/internal/users/" + user + "/credits";
      assertThat(f.http.request("POST", f.port(), path, headers, "{\"amount\":1,\"reason\":\"x\"}").status()).isEqualTo(401);
      assertThat(f.http.request("GET", f.port(), path, headers, null).status()).isEqualTo(401);
    }
    assertThat(balance(user)).isZero();
  }

  @Test
  void notifyWithAnIdempotencyKeyStoresOnceAndAnswersTheFirstSeq() {
    String user = Fixture.user();
    String key = key();
    Map<String, String> headers = Map.of("Authorization", "Bearer " + Fixture.INTERNAL_TOKEN,
        "content-type", "application/json", "Idempotency-Key", key);
    String body = new JsonObject().put("userId", user).put("type", "ORDER_SHIPPED").put("data", new JsonObject()
        .put("order", "A1")).encode();
    Http.Response first = f.http.request("POST", f.port(), "/internal/notify", headers, body);
    Http.Response again = f.http.request("POST", f.port(), "/internal/notify", headers, body);
    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.json().getLong("seq")).isEqualTo(first.json().getLong("seq"));
    assertThat(f.eventCount(user)).isEqualTo(1);
    String other = new JsonObject().put("userId", user).put("type", "ORDER_SHIPPED").put("data", new JsonObject()
        .put("order", "B2")).encode();
    assertThat(f.http.request("POST", f.port(), "/internal/notify", headers, other).status()).isEqualTo(422);
    assertThat(f.internalNotify(user, "ORDER_SHIPPED", new JsonObject()).status()).isEqualTo(202);
    assertThat(f.eventCount(user)).isEqualTo(2);
    assertThat(f.internalNotify(user, "CREDITS_CHANGED", new JsonObject()).status()).isEqualTo(400);
  }
}
