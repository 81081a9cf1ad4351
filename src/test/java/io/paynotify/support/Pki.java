package io.paynotify.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made in the test with the machine's {@code openssl} (EC P-256, valid for a day): a CA
 * and leaf certificates it signs for 127.0.0.1 / localhost, usable as server and as client.
 */
public final class Pki {

  private final Path dir;

  private Pki(Path dir) {
    this.dir = dir;
  }

  /** A leaf certificate: its PEM files (the cert file holds the chain: leaf, then CA) and serial. */
  public record Leaf(Path certFile, Path keyFile, BigInteger serial, String commonName) { }

  /** A new CA called {@code name} in a temporary directory. */
  public static Pki ca(String name) {
    try {
      Pki pki = new Pki(Files.createTempDirectory("paynotify-pki-"));
      pki.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
          "-subj", "/CN=" + name, "-keyout", "ca.key", "-out", "ca.crt",
          "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
      return pki;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path caFile() {
    return dir.resolve("ca.crt");
  }

  /** A certificate for {@code commonName} signed by this CA, with a random serial. */
  public Leaf issue(String commonName) {
    try {
      BigInteger serial = new BigInteger(64, new SecureRandom()).setBit(62);
      String base = commonName + "-" + serial.toString(16);
      Path ext = dir.resolve(base + ".ext");
      Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
          + "extendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n");
      openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=" + commonName,
          "-keyout", base + ".key", "-out", base + ".csr");
      openssl("x509", "-req", "-in", base + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial",
          "0x" + serial.toString(16), "-days", "1", "-extfile", base + ".ext", "-out", base + ".leaf");
      Path chain = dir.resolve(base + ".crt");
      Files.writeString(chain, Files.readString(dir.resolve(base + ".leaf")) + Files.readString(caFile()));
      return new Leaf(chain, dir.resolve(base + ".key"), serial, commonName);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client context that trusts this CA only. */
  public SSLContext trustingContext() {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("ca", certificate(Files.readAllBytes(caFile())));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The certificate a new TLS connection (a full handshake: a new client context each time) to 127.0.0.1:{@code port} is served (the handshake trusting this CA). */
  public X509Certificate served(int port) {
    return served(trustingContext(), port);
  }

  /** The same through {@code context} (a context that has met the server before may resume its session). */
  public static X509Certificate served(SSLContext context, int port) {
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X509Certificate certificate(byte[] pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
  }

  private void openssl(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
