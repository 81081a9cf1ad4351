package io.paynotify.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every secret may come from {@code <NAME>_FILE} (Kubernetes and Docker secrets). */
class SecretFilesTest {

  @TempDir
  Path dir;

  private Path file(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void readsEverySecretFromItsFileWithoutTheTrailingNewline() throws Exception {
    Map<String, String> env = Map.of(
        "JWT_SECRET_FILE", file("jwt", "0123456789abcdef-from-file\n").toString(),
        "MP_WEBHOOK_SECRET_FILE", file("wh", "whsec-from-file\r\n").toString(),
        "MP_ACCESS_TOKEN_FILE", file("mp", "APP_USR-from-file").toString(),
        "MP_WEBHOOK_SECRET_PREVIOUS_FILE", file("whold", "whsec-previous\n").toString(),
        "INTERNAL_API_TOKEN_FILE", file("internal", "internal-from-file\n").toString());
    AppConfig config = ConfigLoader.load(env, ConfigLoaderTest.NO_FILE);
    assertThat(config.jwt().secret()).contains("0123456789abcdef-from-file");
    assertThat(config.mercadoPago().webhookSecret()).isEqualTo("whsec-from-file");
    assertThat(config.mercadoPago().webhookSecrets()).containsExactly("whsec-from-file", "whsec-previous");
    assertThat(config.mercadoPago().accessToken()).isEqualTo("APP_USR-from-file");
    assertThat(config.internalApiToken()).contains("internal-from-file");
  }

  @Test
  void readsThePublicKeyFromAFile() throws Exception {
    java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("EC");
    gen.initialize(256);
    String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
        gen.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    Map<String, String> env = new java.util.HashMap<>(ConfigLoaderTest.minimal());
    env.remove("JWT_SECRET");
    env.put("JWT_PUBLIC_KEY_FILE", file("key.pem", pem).toString());
    assertThat(ConfigLoader.load(env, ConfigLoaderTest.NO_FILE).jwt().publicKeyPem()).contains(pem.strip());
  }

  @Test
  void refusesAValueAndAFileForTheSameSecret() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(ConfigLoaderTest.minimal());
    env.put("MP_ACCESS_TOKEN_FILE", file("mp", "APP_USR-other").toString());
    assertThatThrownBy(() -> ConfigLoader.load(env, ConfigLoaderTest.NO_FILE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("set only one of MP_ACCESS_TOKEN and MP_ACCESS_TOKEN_FILE");
  }

  @Test
  void anUnreadableFileIsOneLineNamingTheVariableNeverTheContent() throws Exception {
    Path unreadable = dir.resolve("missing-secret");
    Map<String, String> env = new java.util.HashMap<>(ConfigLoaderTest.minimal());
    env.remove("MP_WEBHOOK_SECRET");
    env.put("MP_WEBHOOK_SECRET_FILE", unreadable.toString());
    env.remove("JWT_SECRET");
    env.put("JWT_SECRET_FILE", dir.toString()); // a directory: exists, cannot be read as a file
    assertThatThrownBy(() -> ConfigLoader.load(env, ConfigLoaderTest.NO_FILE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MP_WEBHOOK_SECRET_FILE " + unreadable + " cannot be read")
        .hasMessageContaining("JWT_SECRET_FILE " + dir + " cannot be read")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("is required"));
  }

  @Test
  void secretsReadFromFilesAreMaskedInTheDescription() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(ConfigLoaderTest.minimal());
    env.remove("MP_ACCESS_TOKEN");
    env.put("MP_ACCESS_TOKEN_FILE", file("mp", "APP_USR-very-secret-token\n").toString());
    assertThat(ConfigLoader.load(env, ConfigLoaderTest.NO_FILE).describe()).doesNotContain("very-secret");
  }

  @Test
  void acceptsExactlyOneWayOfCheckingTokens() {
    Map<String, String> env = new java.util.HashMap<>(ConfigLoaderTest.minimal());
    env.put("JWT_JWKS_URL", "https://idp.example/.well-known/jwks.json");
    assertThatThrownBy(() -> ConfigLoader.load(env, ConfigLoaderTest.NO_FILE))
        .hasMessageContaining("set only one of JWT_SECRET, JWT_PUBLIC_KEY and JWT_JWKS_URL");
    env.remove("JWT_SECRET");
    assertThat(ConfigLoader.load(env, ConfigLoaderTest.NO_FILE).jwt().jwks().url())
        .contains("https://idp.example/.well-known/jwks.json");
  }

  @Test
  void keepsTheDatabaseUrlParametersAndRefusesABrokenUrl() {
    Map<String, String> env = new java.util.HashMap<>(ConfigLoaderTest.minimal());
    env.put("DATABASE_URL", "postgresql://app:pw@db.example:6543/shop?sslmode=verify-full&sslrootcert=/etc/ca.pem"
        + "&application_name=paynotify");
    var options = DatabaseUrl.parse(ConfigLoader.load(env, ConfigLoaderTest.NO_FILE).databaseUrl());
    assertThat(options.getSslMode()).isEqualTo(io.vertx.pgclient.SslMode.VERIFY_FULL);
    assertThat(options.getProperties()).containsEntry("application_name", "paynotify").doesNotContainKey("sslrootcert");
    assertThat(((io.vertx.core.net.PemTrustOptions) options.getSslOptions().getTrustOptions()).getCertPaths())
        .containsExactly("/etc/ca.pem");
    env.put("DATABASE_URL", "postgresql://app:secret-pw@db.example:notaport/shop");
    assertThatThrownBy(() -> ConfigLoader.load(env, ConfigLoaderTest.NO_FILE))
        .hasMessageContaining("DATABASE_URL is not a postgresql://")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-pw"));
  }
}
