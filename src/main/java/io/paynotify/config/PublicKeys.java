package io.paynotify.config;

import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the PEM of {@code JWT_PUBLIC_KEY}: which algorithm it serves, checked once at start-up as part
 * of the configuration (auth builds its verifier from the result).
 */
public final class PublicKeys {

  private PublicKeys() {
  }

  /** {@code RS256} for an RSA key, {@code ES256} for an EC key, empty when the text is no such PEM. */
  public static Optional<String> algorithmOf(String pem) {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body(pem));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    for (String[] candidate : new String[][] {{"RSA", "RS256"}, {"EC", "ES256"}}) {
      try {
        KeyFactory.getInstance(candidate[0]).generatePublic(new X509EncodedKeySpec(der));
        return Optional.of(candidate[1]);
      } catch (Exception e) {
        // not this kind of key; try the next
      }
    }
    return Optional.empty();
  }

  /** The key as a clean PEM block (the environment may carry it on one line, with literal {@code \\n}). */
  public static String normalized(String pem) {
    return "-----BEGIN PUBLIC KEY-----\n" + body(pem) + "\n-----END PUBLIC KEY-----\n";
  }

  private static String body(String pem) {
    return pem.replace("\\n", "\n").replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }
}
