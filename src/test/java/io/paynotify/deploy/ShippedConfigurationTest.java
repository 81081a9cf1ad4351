package io.paynotify.deploy;

import static io.paynotify.deploy.DeployFiles.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paynotify.config.ConfigException;
import io.paynotify.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration deploy/kubernetes ships, fed to the real loader: the plan catalog of its
 * ConfigMap is mounted where PLANS_FILE points and validates; the placeholder Secret, applied as it
 * is, keeps a node from starting and says which variables to set, never their values.
 */
class ShippedConfigurationTest {

  static final Path NO_CONF = Path.of("/nonexistent-paynotify-dir");

  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void thePlanCatalogOfTheConfigMapIsMountedWherePlansFileSaysAndValidates() throws Exception {
    String plansFile = (String) at(configMap("paynotify"), "data", "PLANS_FILE");
    Map<String, Object> plans = configMap("paynotify-plans");
    Map<String, Object> container = container();
    String volume = ((List<Map<String, Object>>) at(deployment(), "spec", "template", "spec", "volumes")).stream()
        .filter(v -> "paynotify-plans".equals(at(v, "configMap", "name"))).map(v -> (String) v.get("name"))
        .findFirst().orElseThrow();
    String mountPath = ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
        .filter(m -> volume.equals(m.get("name"))).map(m -> (String) m.get("mountPath")).findFirst().orElseThrow();
    Path file = Path.of(plansFile);
    assertThat(file.getParent().toString()).isEqualTo(mountPath);
    String catalog = (String) at(plans, "data", file.getFileName().toString());

    Map<String, String> env = realSecrets();
    env.put("PLANS_FILE", Files.writeString(dir.resolve("plans.json"), catalog).toString());
    assertThat(ConfigLoader.load(env, NO_CONF).plans()).containsOnlyKeys("addon_3", "addon_5", "addon_10");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theShippedSecretAppliedAsItIsKeepsANodeFromStarting() throws Exception {
    Map<String, Object> secret = DeployFiles.kubernetes("Secret").get(0);
    Map<String, String> values = (Map<String, String>) secret.get("stringData");
    Map<String, String> env = new HashMap<>();
    for (Map<String, Object> e : (List<Map<String, Object>>) container().get("env")) {
      String name = (String) e.get("name");
      if (name.endsWith("_FILE") && ConfigLoader.SECRET_KEYS.contains(name.substring(0, name.length() - 5))) {
        String key = Path.of((String) e.get("value")).getFileName().toString();
        env.put(name, Files.writeString(dir.resolve(key), values.get(key)).toString());
      }
    }
    env.put("DATABASE_URL", values.get("database-url"));
    assertThat(env).hasSizeGreaterThanOrEqualTo(5);

    assertThatThrownBy(() -> ConfigLoader.load(env, NO_CONF))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JWT_SECRET is still a placeholder")
        .hasMessageContaining("MP_WEBHOOK_SECRET is still a placeholder")
        .hasMessageContaining("MP_ACCESS_TOKEN is still a placeholder")
        .hasMessageContaining("INTERNAL_API_TOKEN is still a placeholder")
        .hasMessageContaining("DATABASE_URL's password is still a placeholder")
        .satisfies(e -> values.values().forEach(v -> assertThat(e.getMessage()).doesNotContain(v)));
  }

  private static Map<String, String> realSecrets() {
    Map<String, String> env = new HashMap<>();
    env.put("JWT_SECRET", "a-real-secret-of-the-shop-0123");
    env.put("MP_WEBHOOK_SECRET", "whsec-real");
    env.put("MP_ACCESS_TOKEN", "APP_USR-real");
    return env;
  }

  private static Map<String, Object> configMap(String name) {
    return DeployFiles.kubernetes("ConfigMap").stream().filter(c -> name.equals(at(c, "metadata", "name")))
        .findFirst().orElseThrow();
  }

  private static Map<String, Object> deployment() {
    return DeployFiles.kubernetes("Deployment").get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> container() {
    return (Map<String, Object>) at(deployment(), "spec", "template", "spec", "containers", "0");
  }
}
