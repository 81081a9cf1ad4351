package io.paynotify.security;

import static io.paynotify.support.Plans.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Http;
import io.paynotify.support.LogCapture;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Pki;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP port with {@code TLS_CERT_FILE} / {@code TLS_KEY_FILE}: https and wss, and a rotation without restart. */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpsIT {

  static Pki pki;
  static Pki.Leaf first;
  static Path certFile;
  static Path keyFile;
  static Http https;
  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("https").env(db -> certificateFiles());

  /** The first certificate in place, before the node starts. */
  static Map<String, String> certificateFiles() {
    try {
      pki = Pki.ca("paynotify test CA");
      first = pki.issue("node-first");
      Path dir = Files.createTempDirectory("paynotify-tls-");
      certFile = dir.resolve("tls.crt");
      keyFile = dir.resolve("tls.key");
      install(first);
      https = new Http(pki.trustingContext());
      return Map.of("TLS_CERT_FILE", certFile.toString(), "TLS_KEY_FILE", keyFile.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Puts a certificate in place as a rotation would: each file replaced whole (a rename). */
  static void install(Pki.Leaf leaf) throws IOException {
    replace(keyFile, Files.readAllBytes(leaf.keyFile()));
    replace(certFile, Files.readAllBytes(leaf.certFile()));
  }

  static void replace(Path file, byte[] content) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.write(next, content);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static Tab wssTab(Vertx vertx, String user) {
    WebSocketClientOptions tls = new WebSocketClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(pki.caFile().toString()));
    return Tab.connect(vertx, tls, new WebSocketConnectOptions().setSsl(true).setHost("127.0.0.1").setPort(fx.port())
        .setURI("/notifications/ws?token=" + Tab.encode(Tokens.valid(user)))).await();
  }

  static String pay(String user) {
    String id = FakePayments.nextId();
    fx.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
    assertThat(https.webhook(fx.port(), id)).isEqualTo(200);
    return id;
  }

  @Test
  @Order(1)
  void aWssClientTrustingTheCertificateGetsReadyAndItsPaymentEvent(Vertx vertx) {
    String user = PaynotifyNode.user();
    try (Tab tab = wssTab(vertx, user)) {
      assertThat(tab.ready().getJsonObject("data").getString("userId")).isEqualTo(user);
      String id = pay(user);
      assertThat(tab.awaitEvent("PAYMENT_CONFIRMED").getJsonObject("data").getString("paymentId")).isEqualTo(id);
    }
    assertThat(https.get(fx.port(), "/ready", null).status()).isEqualTo(200);
    List<SSLContext> clients = IntStream.range(0, 20).mapToObj(i -> pki.trustingContext()).toList();
    long started = System.nanoTime();
    for (SSLContext client : clients) { // a fresh client each: full handshakes, no resumption
      assertThat(Pki.served(client, fx.port()).getSerialNumber()).isEqualTo(first.serial());
    }
    System.out.printf("TLS: %d connects with a full handshake (EC P-256, TLS 1.3), %.1f ms each on average%n",
        clients.size(), (System.nanoTime() - started) / 1e6 / clients.size());
  }

  @Test
  @Order(2)
  void speaksTls12AndTls13() throws IOException {
    for (String version : List.of("TLSv1.2", "TLSv1.3")) {
      try (SSLSocket socket = (SSLSocket) pki.trustingContext().getSocketFactory().createSocket("127.0.0.1", fx.port())) {
        socket.setEnabledProtocols(new String[] {version});
        socket.startHandshake();
        assertThat(socket.getSession().getProtocol()).isEqualTo(version);
      }
    }
  }

  @Test
  @Order(2)
  void plainHttpToTheTlsPortGetsNoAnswer() {
    assertThatThrownBy(() -> new Http().get(fx.port(), "/health", null)).isInstanceOf(java.io.UncheckedIOException.class);
  }

  @Test
  @Order(3)
  void aRotatedCertificateIsServedToNewConnectionsWithoutARestartAndOpenSocketsStay(Vertx vertx) throws IOException {
    String user = PaynotifyNode.user();
    try (Tab before = wssTab(vertx, user)) {
      before.ready();
      Pki.Leaf second = pki.issue("node-second");
      long started = System.nanoTime();
      install(second);
      await().atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(second.serial().equals(servedSerial()))
              .as(() -> "still served " + servedSerial()).isTrue());
      System.out.printf("rotation: new certificate served %d ms after the files changed%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      for (int i = 0; i < 6; i++) { // new connections land on every HTTP verticle's event loop
        assertThat(pki.served(fx.port()).getSubjectX500Principal().getName()).isEqualTo("CN=node-second");
      }
      String id = pay(user);
      assertThat(before.awaitEvent("PAYMENT_CONFIRMED").getJsonObject("data").getString("paymentId")).isEqualTo(id);
      try (Tab after = wssTab(vertx, user)) {
        assertThat(after.ready().getJsonObject("data").getLong("lastSeq")).isEqualTo(1);
      }
    }
  }

  @Test
  @Order(4)
  void aBrokenOrHalfDoneReplacementKeepsThePreviousCertificateAndWarnsOncePerProblem() throws IOException {
    BigInteger serving = servedSerial();
    try (LogCapture log = LogCapture.of("io.paynotify.http")) {
      replace(keyFile, "-----BEGIN PRIVATE KEY-----\nnot a key at all\n-----END PRIVATE KEY-----\n".getBytes());
      String warning = log.await("still serving the previous certificate", Duration.ofSeconds(20));
      assertThat(warning).startsWith("WARN").doesNotContain("not a key at all");
      assertThat(servedSerial()).isEqualTo(serving);
      assertThat(https.get(fx.port(), "/health", null).status()).isEqualTo(200);
      Pki.Leaf third = pki.issue("node-third");
      replace(keyFile, Files.readAllBytes(third.keyFile())); // half a rotation: the new key, the old certificate
      log.await("does not belong to the certificate", Duration.ofSeconds(20));
      assertThat(servedSerial()).isEqualTo(serving);
      replace(certFile, Files.readAllBytes(third.certFile()));
      await().atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(third.serial().equals(servedSerial()))
              .as(() -> "still served " + servedSerial()).isTrue());
      assertThat(log.lines().stream().filter(l -> l.contains("still serving the previous certificate"))).hasSize(2);
    }
  }

  static BigInteger servedSerial() {
    return pki.served(fx.port()).getSerialNumber();
  }
}
