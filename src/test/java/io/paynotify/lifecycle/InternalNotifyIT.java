package io.paynotify.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /internal/notify}: bearer token, validated body, stored with a seq, pushed. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class InternalNotifyIT {

  @RegisterExtension
  static final PaynotifyNode f = PaynotifyNode.standalone("internal").withInternalApi();

  static Http.Response post(String authorization, String body) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    return f.http().request("POST", f.port(), "/internal/notify", headers, body);
  }

  static String body(String user) {
    return new JsonObject().put("userId", user).put("type", "CREDITS_GIFTED").put("data", new JsonObject().put("n", 1))
        .encode();
  }

  @Test
  void aGoodCallIsStoredWithTheNextSeqAnsweredWith202AndDelivered() {
    String user = PaynotifyNode.user();
    try (Tab tab = Tab.open(f.vertx(), f.port(), Tokens.valid(user));
         Tab other = Tab.open(f.vertx(), f.port(), Tokens.valid(PaynotifyNode.user()))) {
      tab.ready();
      other.ready();
      Http.Response first = post("Bearer " + PaynotifyNode.INTERNAL_TOKEN, body(user));
      assertThat(first.status()).isEqualTo(202);
      assertThat(first.json()).isEqualTo(new JsonObject().put("seq", 1));
      Http.Response second = f.internalNotify(user, "PLAN_CHANGED", new JsonObject().put("plan", "pro"));
      assertThat(second.json().getLong("seq")).isEqualTo(2);
      List<JsonObject> events = tab.awaitEvents(2);
      assertThat(events.get(0)).isEqualTo(new JsonObject().put("type", "CREDITS_GIFTED").put("seq", 1)
          .put("data", new JsonObject().put("n", 1)));
      assertThat(events.get(1).getString("type")).isEqualTo("PLAN_CHANGED");
      assertThat(f.eventCount(user)).isEqualTo(2);
      f.internalNotify(user, "MARKER", new JsonObject());
      tab.awaitEvents(3);
      assertThat(other.events()).isEmpty();
    }
  }

  @Test
  void aWrongOrMissingTokenIs401AndStoresNothing() {
    String user = PaynotifyNode.user();
    for (String auth : new String[] {null, "Bearer wrong", "Bearer " + PaynotifyNode.INTERNAL_TOKEN + "x",
        PaynotifyNode.INTERNAL_TOKEN, "Bearer " + Tokens.valid(user)}) {
      Http.Response r = post(auth, body(user));
      assertThat(r.status()).as("auth %s", auth == null ? "none" : "wrong").isEqualTo(401);
      assertThat(r.json().getString("error")).isEqualTo("unauthorized");
    }
    assertThat(f.eventCount(user)).isZero();
  }

  @Test
  void aMalformedBodyIs400AndStoresNothing() {
    String user = PaynotifyNode.user();
    String auth = "Bearer " + PaynotifyNode.INTERNAL_TOKEN;
    for (String bad : List.of("not json", "[]", "{}",
        new JsonObject().put("type", "X").encode(),
        new JsonObject().put("userId", user).encode(),
        new JsonObject().put("userId", "").put("type", "X").encode(),
        new JsonObject().put("userId", 42).put("type", "X").encode(),
        new JsonObject().put("userId", user).put("type", "lower_case").encode(),
        new JsonObject().put("userId", user).put("type", "X").put("data", "text").encode(),
        new JsonObject().put("userId", user).put("type", "PAYMENT_CONFIRMED").encode(),
        new JsonObject().put("userId", user).put("type", "READY").encode(),
        new JsonObject().put("userId", user).put("type", "PONG").encode(),
        new JsonObject().put("userId", "u".repeat(200)).put("type", "X").encode())) {
      Http.Response r = post(auth, bad);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().getString("error")).isEqualTo("bad_request");
    }
    assertThat(f.eventCount(user)).isZero();
  }

  @Test
  void withoutAConfiguredTokenTheEndpointIsDisabled(Vertx vertx) {
    try (PaynotifyNode disabled = PaynotifyNode.standalone("internaloff").started()) {
      Http.Response r = disabled.internalNotify(PaynotifyNode.user(), "X", new JsonObject());
      assertThat(r.status()).isEqualTo(404);
      assertThat(disabled.db().count("SELECT count(*) FROM events")).isZero();
    }
  }
}
