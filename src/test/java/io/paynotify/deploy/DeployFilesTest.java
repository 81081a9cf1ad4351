package io.paynotify.deploy;

import static io.paynotify.deploy.DeployFiles.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be tested of the deployment files on machines without a container engine: they parse,
 * every variable they give paynotify is one its configuration knows, the secrets come as files from
 * the mounted Secret, and the probes ask for paths the node serves.
 */
class DeployFilesTest {

  /** Read by logback.xml (LOG_FORMAT, LOG_LEVEL) and the image's entry point (JAVA_OPTS), not ConfigLoader. */
  static final Set<String> OUTSIDE_CONFIG_LOADER = Set.of("LOG_FORMAT", "LOG_LEVEL", "JAVA_OPTS");

  @Test
  void everyYamlFileParses() {
    assertThat(DeployFiles.yamlFiles()).isNotEmpty()
        .allSatisfy(file -> assertThat(DeployFiles.documents(file)).as(file.toString()).isNotEmpty());
    assertThat(DeployFiles.kubernetes("Deployment")).hasSize(1);
    assertThat(DeployFiles.kubernetes("PodDisruptionBudget")).hasSize(1);
    assertThat(DeployFiles.kubernetes("ConfigMap")).hasSize(2);
    assertThat(DeployFiles.kubernetes("Secret")).hasSize(1);
  }

  @Test
  void everyVariableTheManifestsAndComposeSetIsOneTheConfigurationKnows() throws Exception {
    Set<String> known = new HashSet<>(ConfigLoader.ENV_KEYS);
    assertThat(Files.readString(Path.of("src/main/resources/logback.xml"))).contains("${LOG_FORMAT", "${LOG_LEVEL");
    assertThat(Files.readString(DeployFiles.ROOT.resolve("Dockerfile"))).contains("$JAVA_OPTS");
    known.addAll(OUTSIDE_CONFIG_LOADER);
    List<String> set = new ArrayList<>(kubernetesVariables());
    set.addAll(composeVariables());
    assertThat(set).hasSizeGreaterThan(10);
    assertThat(known).containsAll(set);
  }

  @Test
  void secretsComeAsFilesOfTheMountedSecret() {
    Map<String, Object> container = container();
    String mount = (String) at(container, "volumeMounts", "0", "mountPath");
    assertThat(at(deployment(), "spec", "template", "spec", "volumes", "0", "secret", "secretName")).isEqualTo("paynotify");
    @SuppressWarnings("unchecked")
    Set<String> keys = ((Map<String, Object>) DeployFiles.kubernetes("Secret").get(0).get("stringData")).keySet();
    List<Map<String, Object>> files = env(container).stream()
        .filter(e -> ConfigLoader.SECRET_KEYS.stream().anyMatch(k -> e.get("name").equals(k + "_FILE"))).toList();
    assertThat(files).extracting(e -> e.get("name"))
        .containsExactlyInAnyOrder("JWT_SECRET_FILE", "MP_WEBHOOK_SECRET_FILE", "MP_ACCESS_TOKEN_FILE", "INTERNAL_API_TOKEN_FILE");
    assertThat(files).allSatisfy(e -> {
      Path path = Path.of((String) e.get("value"));
      assertThat(path.getParent().toString()).isEqualTo(mount);
      assertThat(keys).contains(path.getFileName().toString());
    });
    assertThat(env(container)).noneMatch(e -> Set.of("JWT_SECRET", "MP_WEBHOOK_SECRET", "MP_ACCESS_TOKEN").contains(e.get("name")));
  }

  @Test
  void probesAskForPathsTheNodeServesAndDiscoveryUsesTheHeadlessService() throws Exception {
    Map<String, Object> container = container();
    assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/ready");
    assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health");
    for (String path : probePaths()) {
      assertThat(servedGetPaths()).contains(path); // ApiContractIT: these are exactly the router's routes
    }
    Map<String, Object> headless = DeployFiles.kubernetes("Service").stream()
        .filter(s -> "None".equals(at(s, "spec", "clusterIP"))).findFirst().orElseThrow();
    String dns = (String) at(DeployFiles.kubernetes("ConfigMap").get(0), "data", "CLUSTER_K8S_SERVICE_DNS");
    assertThat(dns).startsWith(at(headless, "metadata", "name") + ".");
    assertThat(DeployFiles.kubernetes("Service")).anySatisfy(s -> assertThat(at(s, "spec", "sessionAffinity")).isEqualTo("None"));
  }

  /** The probe paths of the Deployment (ApiContractIT checks them against the running router too). */
  static List<String> probePaths() {
    Map<String, Object> container = container();
    return List.of((String) at(container, "readinessProbe", "httpGet", "path"),
        (String) at(container, "livenessProbe", "httpGet", "path"));
  }

  @SuppressWarnings("unchecked")
  private static Set<String> servedGetPaths() throws Exception {
    Map<String, Object> doc = new Yaml().load(Files.readString(Path.of("docs/openapi.yaml")));
    Set<String> paths = new HashSet<>();
    ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, item) -> {
      if (item.get("get") instanceof Map<?, ?> op && !op.containsKey("x-paynotify-pending")) {
        paths.add(path);
      }
    });
    return paths;
  }

  private static Map<String, Object> deployment() {
    return DeployFiles.kubernetes("Deployment").get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> container() {
    return (Map<String, Object>) at(deployment(), "spec", "template", "spec", "containers", "0");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> env(Map<String, Object> container) {
    return (List<Map<String, Object>>) container.getOrDefault("env", List.of());
  }

  /** Names in every container's env of every Deployment, plus the keys of the ConfigMaps they load. */
  @SuppressWarnings("unchecked")
  private static List<String> kubernetesVariables() {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> d : DeployFiles.kubernetes("Deployment")) {
      for (Map<String, Object> c : (List<Map<String, Object>>) at(d, "spec", "template", "spec", "containers")) {
        env(c).forEach(e -> names.add((String) e.get("name")));
      }
    }
    DeployFiles.kubernetes("ConfigMap").stream().filter(cm -> loadedAsEnvironment(at(cm, "metadata", "name")))
        .forEach(cm -> names.addAll(((Map<String, Object>) cm.get("data")).keySet()));
    return names;
  }

  /** True when a Deployment's container loads that ConfigMap as environment (envFrom), not as files. */
  private static boolean loadedAsEnvironment(Object configMap) {
    List<?> from = (List<?>) container().getOrDefault("envFrom", List.of());
    return from.stream().anyMatch(f -> configMap.equals(at(f, "configMapRef", "name")));
  }

  /** The environment of every compose service built from this repository (PostgreSQL's own is not ours). */
  @SuppressWarnings("unchecked")
  private static List<String> composeVariables() {
    Map<String, Object> compose = DeployFiles.documents(DeployFiles.ROOT.resolve("compose.yaml")).get(0);
    List<String> names = new ArrayList<>();
    ((Map<String, Map<String, Object>>) compose.get("services")).values().stream()
        .filter(service -> service.containsKey("build"))
        .forEach(service -> names.addAll(((Map<String, Object>) service.get("environment")).keySet()));
    return names;
  }
}
