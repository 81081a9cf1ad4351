package io.paynotify.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paynotify.support.Pki;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A key is served only with the certificate it belongs to (a half-done rotation is not). */
class KeyCertPairTest {

  static Vertx vertx;
  static Pki pki;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    pki = Pki.ca("pair test CA");
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  static PemKeyCertOptions pem(Pki.Leaf cert, Pki.Leaf key) {
    return new PemKeyCertOptions().setCertPath(cert.certFile().toString()).setKeyPath(key.keyFile().toString());
  }

  @Test
  void acceptsAKeyWithItsOwnCertificate() {
    Pki.Leaf leaf = pki.issue("one");
    assertThatCode(() -> KeyCertPair.check(vertx, pem(leaf, leaf))).doesNotThrowAnyException();
  }

  @Test
  void refusesAKeyWithAnotherCertificate() {
    Pki.Leaf one = pki.issue("one");
    Pki.Leaf two = pki.issue("two");
    assertThatThrownBy(() -> KeyCertPair.check(vertx, pem(one, two)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the private key does not belong to the certificate");
  }
}
