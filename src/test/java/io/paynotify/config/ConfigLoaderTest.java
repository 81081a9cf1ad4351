package io.paynotify.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  static final Path NO_FILE = Path.of("/nonexistent-paynotify-dir");

  static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("JWT_SECRET", "0123456789abcdef0123");
    env.put("MP_WEBHOOK_SECRET", "whsec");
    env.put("MP_ACCESS_TOKEN", "APP_USR-x");
    return env;
  }

  @Test
  void appliesTheContractDefaults() {
    AppConfig config = ConfigLoader.load(minimal(), NO_FILE);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.databaseUrl()).isEqualTo("postgresql://postgres@127.0.0.1:5432/paynotify");
    assertThat(config.mercadoPago().apiUrl()).isEqualTo("https://api.mercadopago.com");
    assertThat(config.cluster()).isEqualTo(new AppConfig.Cluster(false, "127.0.0.1", 5701, java.util.List.of(), "paynotify",
        java.util.Optional.empty(), 0, java.util.Optional.empty()));
    assertThat(config.allowedOrigins()).isEmpty();
    assertThat(config.internalApiToken()).isEmpty();
    assertThat(config.plans()).containsOnlyKeys("addon_3", "addon_5", "addon_10");
    assertThat(config.plans().get("addon_5")).isEqualTo(new Plan("addon_5", 5, new BigDecimal("2400.00"), "ARS"));
    assertThat(config.devMode()).isFalse();
    assertThat(config.mercadoPago().acceptUnsignedIpn()).isFalse();
    assertThat(config.retention().days()).isEqualTo(90);
  }

  @Test
  void readsUnsignedIpnAndRetentionAndRejectsARetentionOutOfRange() {
    Map<String, String> env = minimal();
    env.put("MP_ACCEPT_UNSIGNED_IPN", "true");
    env.put("EVENTS_RETENTION_DAYS", "3650");
    AppConfig config = ConfigLoader.load(env, NO_FILE);
    assertThat(config.mercadoPago().acceptUnsignedIpn()).isTrue();
    assertThat(config.retention().days()).isEqualTo(3650);
    for (String bad : new String[] {"0", "3651", "ninety"}) {
      env.put("EVENTS_RETENTION_DAYS", bad);
      assertThatThrownBy(() -> ConfigLoader.load(env, NO_FILE))
          .hasMessageContaining("EVENTS_RETENTION_DAYS must be a whole number from 1 to 3650");
    }
    env.put("EVENTS_RETENTION_DAYS", "30");
    env.put("MP_ACCEPT_UNSIGNED_IPN", "perhaps");
    assertThatThrownBy(() -> ConfigLoader.load(env, NO_FILE)).hasMessageContaining("MP_ACCEPT_UNSIGNED_IPN must be true or false");
  }

  @Test
  void environmentOverridesTheDefaults() {
    Map<String, String> env = minimal();
    env.put("HTTP_PORT", "9090");
    env.put("CLUSTER", "true");
    env.put("CLUSTER_INSECURE", "true");
    env.put("CLUSTER_MEMBERS", "10.0.0.1:5701, 10.0.0.2:5701");
    env.put("ALLOWED_ORIGINS", "https://shop.example,https://www.shop.example");
    env.put("MP_COLLECTOR_ID", "1165071449");
    env.put("SOMETHING_ELSE", "ignored");
    AppConfig config = ConfigLoader.load(env, NO_FILE);
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.cluster().enabled()).isTrue();
    assertThat(config.cluster().members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    assertThat(config.allowedOrigins()).containsExactly("https://shop.example", "https://www.shop.example");
    assertThat(config.mercadoPago().collectorId()).contains("1165071449");
  }

  @Test
  void namesEveryMissingRequiredSettingInOneMessage() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), NO_FILE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JWT_SECRET or JWT_PUBLIC_KEY is required")
        .hasMessageContaining("MP_WEBHOOK_SECRET is required")
        .hasMessageContaining("MP_ACCESS_TOKEN is required")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aClusteredNodeWithoutClusterTlsRefusesToStartUnlessInsecureIsChosenOrInDevelopment() {
    Map<String, String> env = minimal();
    env.put("CLUSTER", "true");
    assertThatThrownBy(() -> ConfigLoader.load(env, NO_FILE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CLUSTER_TLS_CERT_FILE").hasMessageContaining("CLUSTER_INSECURE=true")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    env.put("CLUSTER_INSECURE", "false");
    assertThatThrownBy(() -> ConfigLoader.load(env, NO_FILE)).hasMessageContaining("CLUSTER_INSECURE=true");

    env.put("CLUSTER_INSECURE", "true");
    assertThat(ConfigLoader.load(env, NO_FILE).cluster().enabled()).isTrue();
    Map<String, String> dev = new HashMap<>(Map.of("PAYNOTIFY_DEV", "true", "CLUSTER", "true"));
    assertThat(ConfigLoader.load(dev, NO_FILE).cluster().enabled()).isTrue();
    env.remove("CLUSTER");
    env.put("CLUSTER_INSECURE", "false");
    assertThat(ConfigLoader.load(env, NO_FILE).cluster().enabled()).as("a standalone node needs neither").isFalse();
  }

  @Test
  void rejectsNonsenseValues() {
    Map<String, String> env = minimal();
    env.put("HTTP_PORT", "eighty");
    env.put("CLUSTER", "maybe");
    env.put("CLUSTER_MEMBERS", "nohostport");
    assertThatThrownBy(() -> ConfigLoader.load(env, NO_FILE))
        .hasMessageContaining("HTTP_PORT must be a whole number")
        .hasMessageContaining("CLUSTER must be true or false")
        .hasMessageContaining("CLUSTER_MEMBERS entries must be host:port");
  }

  @Test
  void developmentModeGeneratesThrowAwaySecrets() {
    AppConfig config = ConfigLoader.load(Map.of("PAYNOTIFY_DEV", "true"), NO_FILE);
    assertThat(config.devMode()).isTrue();
    assertThat(config.jwt().secret()).get().asString().hasSizeGreaterThanOrEqualTo(32);
    assertThat(config.mercadoPago().webhookSecret()).hasSizeGreaterThanOrEqualTo(32);
  }

  @Test
  void describeMasksSecrets() {
    Map<String, String> env = minimal();
    env.put("DATABASE_URL", "postgresql://app:hunter2@db:5432/paynotify");
    env.put("INTERNAL_API_TOKEN", "internal-token-value");
    String line = ConfigLoader.load(env, NO_FILE).describe();
    assertThat(line).doesNotContain("hunter2", "0123456789abcdef0123", "whsec", "APP_USR-x", "internal-token-value");
    assertThat(line).contains("postgresql://app:***@db:5432/paynotify");
  }
}
