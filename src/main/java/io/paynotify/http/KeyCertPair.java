package io.paynotify.http;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * Checks that a PEM private key belongs to the first certificate of its chain (a rotation caught
 * between writing the key and writing the certificate must not be served: every handshake would
 * fail). Parses with Vert.x's own PEM reader; signs and verifies a random challenge. Blocking (a few
 * milliseconds of crypto): call off the event loop.
 */
final class KeyCertPair {

  private static final Map<String, String> SIGNATURES = Map.of("EC", "SHA256withECDSA", "RSA", "SHA256withRSA");

  private KeyCertPair() {
  }

  /** Throws {@link IllegalArgumentException} when the key does not fit the certificate, or either is unreadable. */
  static void check(Vertx vertx, PemKeyCertOptions pem) throws Exception {
    for (KeyManager manager : pem.getKeyManagerFactory(vertx).getKeyManagers()) {
      if (manager instanceof X509KeyManager keys) {
        for (String type : SIGNATURES.keySet()) {
          String[] aliases = keys.getServerAliases(type, null);
          if (aliases != null && aliases.length > 0) {
            X509Certificate[] chain = keys.getCertificateChain(aliases[0]);
            verify(type, keys.getPrivateKey(aliases[0]), chain[0].getPublicKey());
            return;
          }
        }
      }
    }
    throw new IllegalArgumentException("the key is neither an EC nor an RSA private key");
  }

  private static void verify(String type, PrivateKey key, PublicKey certified) throws Exception {
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    Signature signer = Signature.getInstance(SIGNATURES.get(type));
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(SIGNATURES.get(type));
    verifier.initVerify(certified);
    verifier.update(challenge);
    if (!verifier.verify(signature)) {
      throw new IllegalArgumentException("the private key does not belong to the certificate");
    }
  }
}
