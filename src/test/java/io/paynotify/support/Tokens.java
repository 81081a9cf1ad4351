package io.paynotify.support;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS256 user tokens for tests, including deliberately broken ones. */
public final class Tokens {

  public static final String SECRET = "test-jwt-secret-0123456789abcdef";

  private Tokens() {
  }

  /** A valid token for {@code userId}, good for an hour. */
  public static String valid(String userId) {
    long now = System.currentTimeMillis() / 1000;
    return sign(SECRET, claims(userId).put("iat", now).put("exp", now + 3600));
  }

  public static String expiringIn(String userId, long seconds) {
    long now = System.currentTimeMillis() / 1000;
    return sign(SECRET, claims(userId).put("iat", now).put("exp", now + seconds));
  }

  public static JsonObject claims(String userId) {
    return new JsonObject().put("sub", userId);
  }

  public static String sign(String secret, JsonObject claims) {
    return signWithHeader(secret, new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims);
  }

  public static String signWithHeader(String secret, JsonObject header, JsonObject claims) {
    String unsigned = b64(header.encode()) + "." + b64(claims.encode());
    if ("none".equals(header.getString("alg"))) {
      return unsigned + ".";
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
          mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
