package io.paynotify.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code TLS_*} and {@code CLUSTER_TLS_*}: whole groups, readable PEM files, problems that never show a file's content. */
class TlsSettingsTest {

  static Path dir;
  static Path cert;
  static Path key;

  @BeforeAll
  static void files() throws IOException {
    dir = Files.createTempDirectory("paynotify-tls-config-");
    cert = Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    key = Files.writeString(dir.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n");
  }

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = ConfigLoaderTest.minimal();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  static AppConfig load(Map<String, String> env) {
    return ConfigLoader.load(env, ConfigLoaderTest.NO_FILE);
  }

  @Test
  void tlsIsOffUnlessBothFilesAreSet() {
    AppConfig config = load(env());
    assertThat(config.tls()).isEmpty();
    assertThat(config.cluster().tls()).isEmpty();
    AppConfig on = load(env("TLS_CERT_FILE", cert.toString(), "TLS_KEY_FILE", key.toString()));
    assertThat(on.tls()).contains(new AppConfig.Tls(cert, key, java.util.Optional.empty()));
    assertThat(on.describe()).contains("tls=on");
  }

  @Test
  void oneFileWithoutTheOtherStopsStartUpWithOneLine() {
    assertThatThrownBy(() -> load(env("TLS_CERT_FILE", cert.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration: TLS_CERT_FILE and TLS_KEY_FILE must be set together (or none of them)");
  }

  @Test
  void aMissingFileStopsStartUpNamingTheVariable() {
    assertThatThrownBy(() -> load(env("TLS_CERT_FILE", cert.toString(), "TLS_KEY_FILE", dir.resolve("gone.key").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("configuration: TLS_KEY_FILE names a file that is missing or unreadable")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aFileThatIsNotPemIsNamedWithoutItsContent() throws IOException {
    Path notKey = Files.writeString(dir.resolve("secret.txt"), "hunter2-the-real-secret");
    assertThatThrownBy(() -> load(env("TLS_CERT_FILE", cert.toString(), "TLS_KEY_FILE", notKey.toString())))
        .hasMessageContaining("TLS_KEY_FILE must hold a PEM private key")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void clusterTlsNeedsAllThreeFiles() {
    assertThatThrownBy(() -> load(env("CLUSTER_TLS_CERT_FILE", cert.toString(), "CLUSTER_TLS_KEY_FILE", key.toString())))
        .hasMessageContaining("CLUSTER_TLS_CERT_FILE, CLUSTER_TLS_KEY_FILE and CLUSTER_TLS_CA_FILE must be set together");
    AppConfig config = load(env("CLUSTER", "true", "CLUSTER_TLS_CERT_FILE", cert.toString(),
        "CLUSTER_TLS_KEY_FILE", key.toString(), "CLUSTER_TLS_CA_FILE", cert.toString()));
    assertThat(config.cluster().tls()).contains(new AppConfig.Tls(cert, key, java.util.Optional.of(cert)));
    assertThat(config.describe()).contains("clusterTls=on");
  }
}
