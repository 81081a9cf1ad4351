package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paynotify.support.Http;
import io.paynotify.support.NodeProcess;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Ports;
import io.paynotify.support.Services;
import io.paynotify.support.Tab;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** iss / aud / nbf / clock skew / alg none / HS-vs-RS confusion / claims of the wrong type: all 401, never 500. */
@ExtendWith(VertxExtension.class)
class TokenClaimsIT {

  static final String ISS = "https://auth.shop.example";
  static final String AUD = "paynotify";

  @RegisterExtension
  static final Services svc = Services.named("tokenclaims");
  @RegisterExtension
  static final PaynotifyNode hsNode = PaynotifyNode.on(svc).env(Map.of("JWT_ISSUER", ISS, "JWT_AUDIENCE", AUD));
  static final KeyPair rsa = rsaKeyPair();
  static final String rsaPem = "-----BEGIN PUBLIC KEY-----\n"
      + Base64.getMimeEncoder().encodeToString(rsa.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  /** Verifies RS256 tokens with a public key, and nothing signed with the shared secret. */
  @RegisterExtension
  static final PaynotifyNode rsNode = PaynotifyNode.on(svc).without("JWT_SECRET").env("JWT_PUBLIC_KEY", rsaPem);
  static Http http = new Http();

  static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  static JsonObject good() {
    return new JsonObject().put("sub", "42").put("iss", ISS).put("aud", AUD).put("iat", now()).put("exp", now() + 600);
  }

  static Map<String, String> rejected() {
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("wrong iss", Tokens.sign(Tokens.SECRET, good().put("iss", "https://evil.example")));
    tokens.put("no iss", Tokens.sign(Tokens.SECRET, remove(good(), "iss")));
    tokens.put("wrong aud", Tokens.sign(Tokens.SECRET, good().put("aud", "another-service")));
    tokens.put("no aud", Tokens.sign(Tokens.SECRET, remove(good(), "aud")));
    tokens.put("nbf beyond the skew", Tokens.sign(Tokens.SECRET, good().put("nbf", now() + 120)));
    tokens.put("exp a string", Tokens.sign(Tokens.SECRET, good().put("exp", "tomorrow")));
    tokens.put("nbf a string", Tokens.sign(Tokens.SECRET, good().put("nbf", "soon")));
    tokens.put("sub a number", Tokens.sign(Tokens.SECRET, good().put("sub", 42)));
    tokens.put("sub an object", Tokens.sign(Tokens.SECRET, good().put("sub", new JsonObject().put("id", "42"))));
    tokens.put("no sub", Tokens.sign(Tokens.SECRET, remove(good(), "sub")));
    tokens.put("sub empty", Tokens.sign(Tokens.SECRET, good().put("sub", "")));
    tokens.put("sub of 129 characters", Tokens.sign(Tokens.SECRET, good().put("sub", "x".repeat(129))));
    tokens.put("sub with CR LF", Tokens.sign(Tokens.SECRET, good().put("sub", "a\r\nWARN forged")));
    tokens.put("sub with a NUL", Tokens.sign(Tokens.SECRET, good().put("sub", "a\u0000b")));
    tokens.put("sub with an escape sequence", Tokens.sign(Tokens.SECRET, good().put("sub", "\u001b[2Ja")));
    tokens.put("sub with a line separator", Tokens.sign(Tokens.SECRET, good().put("sub", "a\u2028b")));
    tokens.put("no exp", Tokens.sign(Tokens.SECRET, remove(good(), "exp")));
    tokens.put("expired beyond nothing", Tokens.sign(Tokens.SECRET, good().put("exp", now() - 1)));
    tokens.put("alg none", Tokens.signWithHeader(Tokens.SECRET, new JsonObject().put("alg", "none"), good()));
    tokens.put("alg HS512", Tokens.signWithHeader(Tokens.SECRET, new JsonObject().put("alg", "HS512"), good()));
    tokens.put("claims not JSON", header("HS256") + "." + b64("[1,2]") + ".c2ln");
    tokens.put("RS256 token", rs256(good()));
    return tokens;
  }

  static Stream<String> rejectedKinds() {
    return rejected().keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedKinds")
  void answers401BeforeTheUpgradeAndOnRest(String kind) {
    String token = rejected().get(kind);
    assertThat(Tab.upgradeStatus(svc.vertx(), hsNode.port(), "token=" + Tab.encode(token))).isEqualTo(401);
    Http.Response r = http.get(hsNode.port(), "/users/me/credits", token);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json()).isEqualTo(new JsonObject().put("error", "unauthorized").put("message", "invalid token"));
  }

  @Test
  void acceptsASubOf128CharactersOfAnyScript() {
    String sub = "ü".repeat(64) + "用".repeat(63) + "😀"; // 128 characters, 129 UTF-16 units
    assertThat(http.get(hsNode.port(), "/users/me/credits", Tokens.sign(Tokens.SECRET, good().put("sub", sub))).status())
        .isEqualTo(200);
  }

  @Test
  void acceptsIssAudAndAnNbfWithinTheClockSkew() {
    assertThat(http.get(hsNode.port(), "/users/me/credits", Tokens.sign(Tokens.SECRET, good())).status()).isEqualTo(200);
    String early = Tokens.sign(Tokens.SECRET, good().put("nbf", now() + 10).put("iat", now() + 10));
    assertThat(http.get(hsNode.port(), "/users/me/credits", early).status()).isEqualTo(200);
    assertThat(Tab.upgradeStatus(svc.vertx(), hsNode.port(), "token=" + Tab.encode(early))).isEqualTo(101);
  }

  @Test
  void anRs256NodeAcceptsRs256AndRejectsHs256SignedWithItsPublicKey() {
    JsonObject claims = new JsonObject().put("sub", "42").put("exp", now() + 600);
    assertThat(http.get(rsNode.port(), "/users/me/credits", rs256(claims)).status()).isEqualTo(200);
    String confused = Tokens.sign(rsaPem, claims);
    assertThat(http.get(rsNode.port(), "/users/me/credits", confused).status()).isEqualTo(401);
    assertThat(Tab.upgradeStatus(svc.vertx(), rsNode.port(), "token=" + Tab.encode(confused))).isEqualTo(401);
    String none = Tokens.signWithHeader("", new JsonObject().put("alg", "none"), claims);
    assertThat(http.get(rsNode.port(), "/users/me/credits", none).status()).isEqualTo(401);
  }

  @Test
  void aPublicKeyThatIsNoPemStopsStartUpWithOneClearLine() {
    Map<String, String> env = TestNode.env(svc.db(), svc.mp().url());
    env.remove("JWT_SECRET");
    env.put("JWT_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----");
    env.put("HTTP_PORT", String.valueOf(Ports.free()));
    assertThatThrownBy(() -> NodeProcess.start(env).close())
        .hasMessageContaining("node exited with 2")
        .satisfies(e -> {
          String log = e.getMessage().substring(e.getMessage().indexOf("log:") + 5).strip();
          assertThat(log.lines()).hasSize(1);
          assertThat(log).contains("JWT_PUBLIC_KEY must be a PEM RSA or EC public key").doesNotContain("Exception");
        });
  }

  static String rs256(JsonObject claims) {
    try {
      String unsigned = header("RS256") + "." + b64(claims.encode());
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(rsa.getPrivate());
      signer.update(unsigned.getBytes(StandardCharsets.US_ASCII));
      return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String header(String alg) {
    return b64(new JsonObject().put("alg", alg).put("typ", "JWT").encode());
  }

  static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static JsonObject remove(JsonObject json, String key) {
    json.remove(key);
    return json;
  }
}
