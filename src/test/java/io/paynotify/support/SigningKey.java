package io.paynotify.support;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** An identity provider's signing key made in the test: RS256 or ES256, its public JWK, and tokens it signs. */
public final class SigningKey {

  private final String kid;
  private final String alg;
  private final KeyPair pair;

  private SigningKey(String kid, String alg, KeyPair pair) {
    this.kid = kid;
    this.alg = alg;
    this.pair = pair;
  }

  public static SigningKey rs256(String kid) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    return new SigningKey(kid, "RS256", gen.generateKeyPair());
  }

  public static SigningKey es256(String kid) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    return new SigningKey(kid, "ES256", gen.generateKeyPair());
  }

  public String kid() {
    return kid;
  }

  /** The public key as a JWK (as a JWKS document lists it). */
  public JsonObject jwk() {
    JsonObject jwk = new JsonObject().put("kid", kid).put("use", "sig").put("alg", alg);
    if (pair.getPublic() instanceof RSAPublicKey rsa) {
      return jwk.put("kty", "RSA").put("n", unsigned(rsa.getModulus(), 0)).put("e", unsigned(rsa.getPublicExponent(), 0));
    }
    ECPublicKey ec = (ECPublicKey) pair.getPublic();
    return jwk.put("kty", "EC").put("crv", "P-256").put("x", unsigned(ec.getW().getAffineX(), 32))
        .put("y", unsigned(ec.getW().getAffineY(), 32));
  }

  /** A token for {@code userId}, good for an hour, whose header names {@code kid} (this key's unless given). */
  public String token(String userId, String headerKid) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject header = new JsonObject().put("alg", alg).put("typ", "JWT").put("kid", headerKid);
    JsonObject claims = new JsonObject().put("sub", userId).put("iat", now).put("exp", now + 3600);
    String unsigned = b64(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Signature signer = Signature.getInstance(alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
      signer.initSign(pair.getPrivate());
      signer.update(unsigned.getBytes(StandardCharsets.US_ASCII));
      return unsigned + "." + b64(signer.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String token(String userId) {
    return token(userId, kid);
  }

  private static String unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (length > bytes.length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      bytes = padded;
    }
    return b64(bytes);
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
