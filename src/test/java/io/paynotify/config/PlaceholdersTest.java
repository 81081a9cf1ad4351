package io.paynotify.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outside development mode a placeholder secret stops start-up, naming the variable, never the value. */
class PlaceholdersTest {

  @TempDir
  Path dir;

  @Test
  void everySecretThatIsStillAPlaceholderIsNamedInOneLine() {
    Map<String, String> env = ConfigLoaderTest.minimal();
    env.put("JWT_SECRET", "CHANGE-ME-at-least-16-characters");
    env.put("MP_ACCESS_TOKEN", "APP_USR-CHANGE-ME");
    env.put("INTERNAL_API_TOKEN", "change-me-too");
    env.put("DATABASE_URL", "postgresql://paynotify:CHANGE-ME@db:5432/paynotify");
    assertThatThrownBy(() -> ConfigLoader.load(env, ConfigLoaderTest.NO_FILE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JWT_SECRET is still a placeholder")
        .hasMessageContaining("MP_ACCESS_TOKEN is still a placeholder")
        .hasMessageContaining("INTERNAL_API_TOKEN is still a placeholder")
        .hasMessageContaining("DATABASE_URL's password is still a placeholder")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "MP_WEBHOOK_SECRET", "at-least",
            "APP_USR", "change-me-too", "@db"));
  }

  @Test
  void aPlaceholderInASecretFileIsRefusedToo() throws Exception {
    Map<String, String> env = ConfigLoaderTest.minimal();
    env.remove("MP_WEBHOOK_SECRET");
    env.put("MP_WEBHOOK_SECRET_FILE", Files.writeString(dir.resolve("wh"), "CHANGE-ME\n").toString());
    assertThatThrownBy(() -> ConfigLoader.load(env, ConfigLoaderTest.NO_FILE))
        .hasMessageContaining("MP_WEBHOOK_SECRET is still a placeholder");
  }

  @Test
  void developmentModeAcceptsThem() {
    Map<String, String> env = ConfigLoaderTest.minimal();
    env.put("JWT_SECRET", "CHANGE-ME-at-least-16-characters");
    env.put("PAYNOTIFY_DEV", "true");
    assertThat(ConfigLoader.load(env, ConfigLoaderTest.NO_FILE).jwt().secret()).contains("CHANGE-ME-at-least-16-characters");
  }
}
