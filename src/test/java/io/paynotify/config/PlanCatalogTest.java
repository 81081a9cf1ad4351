package io.paynotify.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PLANS / PLANS_FILE replace the catalog of conf/config.json, validated like every other setting. */
class PlanCatalogTest {

  static final String SHOP_PLANS = "{\"pro\":{\"credits\":50,\"price\":\"9990.00\",\"currency\":\"BRL\"},"
      + "\"basic\":{\"credits\":10,\"price\":2500,\"currency\":\"BRL\"}}";

  @TempDir
  Path dir;

  private static Map<String, String> env(String key, String value) {
    Map<String, String> env = ConfigLoaderTest.minimal();
    env.put(key, value);
    return env;
  }

  @Test
  void plansInTheVariableReplaceTheBuiltInCatalog() {
    AppConfig config = ConfigLoader.load(env("PLANS", SHOP_PLANS), ConfigLoaderTest.NO_FILE);
    assertThat(config.plans()).containsOnlyKeys("pro", "basic");
    assertThat(config.plans().get("pro")).isEqualTo(new Plan("pro", 50, new BigDecimal("9990.00"), "BRL"));
    assertThat(config.plans().get("basic").priceMatches(new BigDecimal("2500.00"), "BRL")).isTrue();
  }

  @Test
  void plansInAFileReplaceTheBuiltInCatalog() throws Exception {
    Path file = Files.writeString(dir.resolve("plans.json"), SHOP_PLANS + "\n");
    AppConfig config = ConfigLoader.load(env("PLANS_FILE", file.toString()), ConfigLoaderTest.NO_FILE);
    assertThat(config.plans()).containsOnlyKeys("pro", "basic");
  }

  @Test
  void aCatalogThatIsNotJsonIsOneLineNamingTheVariable() {
    Map<String, String> env = env("PLANS", "addon_3=1500");
    env.put("HTTP_PORT", "eighty");
    assertThatThrownBy(() -> ConfigLoader.load(env, ConfigLoaderTest.NO_FILE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PLANS is not a JSON object of plans")
        .hasMessageContaining("HTTP_PORT must be a whole number")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void everyBadPlanIsNamedInTheSameLine() {
    String plans = "{\"free\":{\"credits\":0,\"price\":\"0\",\"currency\":\"ARS\"},"
        + "\"odd\":{\"credits\":3,\"price\":\"1500.00\",\"currency\":\"pesos\"},"
        + "\"fine\":{\"credits\":3,\"price\":\"1500.00\",\"currency\":\"ARS\"}}";
    assertThatThrownBy(() -> ConfigLoader.load(env("PLANS", plans), ConfigLoaderTest.NO_FILE))
        .hasMessageContaining("PLANS: plan 'free' needs")
        .hasMessageContaining("PLANS: plan 'odd' needs")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("'fine'"));
  }

  @Test
  void anEmptyCatalogIsRefused() {
    assertThatThrownBy(() -> ConfigLoader.load(env("PLANS", "{}"), ConfigLoaderTest.NO_FILE))
        .hasMessageContaining("PLANS must name at least one plan");
  }

  @Test
  void anUnreadableFileAndBothSourcesAreRefused() throws Exception {
    Path missing = dir.resolve("missing.json");
    assertThatThrownBy(() -> ConfigLoader.load(env("PLANS_FILE", missing.toString()), ConfigLoaderTest.NO_FILE))
        .hasMessageContaining("PLANS_FILE " + missing + " cannot be read");
    Map<String, String> both = env("PLANS", SHOP_PLANS);
    both.put("PLANS_FILE", Files.writeString(dir.resolve("p.json"), SHOP_PLANS).toString());
    assertThatThrownBy(() -> ConfigLoader.load(both, ConfigLoaderTest.NO_FILE))
        .hasMessageContaining("set only one of PLANS and PLANS_FILE");
  }
}
