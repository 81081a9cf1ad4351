package io.paynotify.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad user token gets 401 before any upgrade, and on the REST endpoints. */
@ExtendWith(VertxExtension.class)
class AuthIT {

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("auth");

  static Map<String, String> badTokens() {
    long now = System.currentTimeMillis() / 1000;
    return Map.of(
        "malformed", "not.a.jwt",
        "garbage", "%%%",
        "forged", Tokens.sign("another-secret-0123456789", Tokens.claims("42").put("exp", now + 600)),
        "expired", Tokens.sign(Tokens.SECRET, Tokens.claims("42").put("exp", now - 5)),
        "not yet valid", Tokens.sign(Tokens.SECRET, Tokens.claims("42").put("exp", now + 600).put("nbf", now + 300)),
        "alg none", Tokens.signWithHeader(Tokens.SECRET, new JsonObject().put("alg", "none"),
            Tokens.claims("42").put("exp", now + 600)),
        "without exp", Tokens.sign(Tokens.SECRET, Tokens.claims("42")),
        "without sub", Tokens.sign(Tokens.SECRET, new JsonObject().put("exp", now + 600)),
        "numeric sub", Tokens.sign(Tokens.SECRET, new JsonObject().put("sub", 42).put("exp", now + 600)));
  }

  static java.util.stream.Stream<String> kinds() {
    return badTokens().keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void refusesTheUpgradeWith401(String kind) {
    String token = badTokens().get(kind);
    assertThat(Tab.upgradeStatus(fx.vertx(), fx.port(), "token=" + Tab.encode(token))).isEqualTo(401);
    Http.Response r = fx.http().get(fx.port(), "/users/me/credits", token);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().getString("error")).isEqualTo("unauthorized");
    assertThat(r.body()).doesNotContain(token);
  }

  @org.junit.jupiter.api.Test
  void refusesAnUpgradeWithoutAnyTokenWith401() {
    assertThat(Tab.upgradeStatus(fx.vertx(), fx.port(), "")).isEqualTo(401);
    assertThat(Tab.upgradeStatus(fx.vertx(), fx.port(), "token=")).isEqualTo(401);
    assertThat(fx.http().get(fx.port(), "/users/me/credits", null).status()).isEqualTo(401);
  }

  @org.junit.jupiter.api.Test
  void acceptsAValidTokenInTheQueryOrTheAuthorizationHeader() {
    assertThat(Tab.upgradeStatus(fx.vertx(), fx.port(), "token=" + Tab.encode(Tokens.valid("42")))).isEqualTo(101);
    assertThat(Tab.upgradeStatus(fx.vertx(), fx.port(), new io.vertx.core.http.WebSocketConnectOptions()
        .setURI("/notifications/ws").addHeader("Authorization", "Bearer " + Tokens.valid("42")))).isEqualTo(101);
  }
}
