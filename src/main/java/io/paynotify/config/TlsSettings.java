package io.paynotify.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PEM file settings of TLS: {@code TLS_CERT_FILE} and {@code TLS_KEY_FILE} (the HTTP port), and
 * {@code CLUSTER_TLS_CERT_FILE}, {@code CLUSTER_TLS_KEY_FILE} and {@code CLUSTER_TLS_CA_FILE} (the
 * clustered event bus). A group is set whole or not at all; each file must be readable and hold what
 * its name says. Problems name the variable and the path, never a byte of the file.
 */
final class TlsSettings {

  private static final Pattern CERTIFICATE = Pattern.compile("-----BEGIN CERTIFICATE-----");
  private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN (RSA |EC )?PRIVATE KEY-----");

  private final Settings settings;
  private final List<String> problems;

  TlsSettings(Settings settings) {
    this.settings = settings;
    this.problems = settings.problems();
  }

  /** {@code TLS_CERT_FILE} + {@code TLS_KEY_FILE}, or empty when neither is set. */
  Optional<AppConfig.Tls> http() {
    return group("TLS_CERT_FILE", "TLS_KEY_FILE", null);
  }

  /** {@code CLUSTER_TLS_CERT_FILE} + {@code CLUSTER_TLS_KEY_FILE} + {@code CLUSTER_TLS_CA_FILE}, or empty. */
  Optional<AppConfig.Tls> cluster() {
    return group("CLUSTER_TLS_CERT_FILE", "CLUSTER_TLS_KEY_FILE", "CLUSTER_TLS_CA_FILE");
  }

  private Optional<AppConfig.Tls> group(String certKey, String keyKey, String caKey) {
    Optional<String> cert = settings.optional(certKey);
    Optional<String> key = settings.optional(keyKey);
    Optional<String> ca = caKey == null ? Optional.empty() : settings.optional(caKey);
    long set = Stream.of(cert, key, ca).filter(Optional::isPresent).count();
    int wanted = caKey == null ? 2 : 3;
    if (set == 0) {
      return Optional.empty();
    }
    if (set < wanted) {
      problems.add((caKey == null ? certKey + " and " + keyKey : certKey + ", " + keyKey + " and " + caKey)
          + " must be set together (or none of them)");
      return Optional.empty();
    }
    boolean ok = pem(certKey, cert.get(), CERTIFICATE, "a PEM certificate (-----BEGIN CERTIFICATE-----)")
        & pem(keyKey, key.get(), PRIVATE_KEY, "a PEM private key (-----BEGIN PRIVATE KEY-----)")
        & (ca.isEmpty() || pem(caKey, ca.get(), CERTIFICATE, "a PEM CA certificate (-----BEGIN CERTIFICATE-----)"));
    return ok ? Optional.of(new AppConfig.Tls(Path.of(cert.get()), Path.of(key.get()), ca.map(Path::of)))
        : Optional.empty();
  }

  /** Whether the file named by {@code variable} is readable and holds {@code marker}; records a problem if not. */
  private boolean pem(String variable, String path, Pattern marker, String what) {
    Path file = Path.of(path);
    String text;
    try {
      text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : null;
    } catch (IOException | RuntimeException e) {
      text = null;
    }
    if (text == null) {
      problems.add(variable + " names a file that is missing or unreadable: " + path);
      return false;
    }
    if (!marker.matcher(text).find()) {
      problems.add(variable + " must hold " + what + ": " + path);
      return false;
    }
    return true;
  }
}
