package io.paynotify.deploy;

import static io.paynotify.deploy.DeployFiles.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Deployment spreads its pods, and the Ingress and ServiceMonitor examples point at what
 * deploy/kubernetes defines: a Service and port that exist, paths the node serves (and no private
 * ones), the socket path with long timeouts and no access log (its query may carry a token).
 */
class KubernetesExamplesTest {

  @Test
  @SuppressWarnings("unchecked")
  void podsAreSpreadOverZonesAndMachines() {
    Map<String, Object> template = (Map<String, Object>) at(deployment(), "spec", "template");
    List<Map<String, Object>> spread = (List<Map<String, Object>>) at(template, "spec", "topologySpreadConstraints");
    assertThat(spread).extracting(c -> c.get("topologyKey"))
        .containsExactlyInAnyOrder("topology.kubernetes.io/zone", "kubernetes.io/hostname");
    assertThat(spread).allSatisfy(c -> assertThat(at(c, "labelSelector", "matchLabels"))
        .isEqualTo(at(template, "metadata", "labels")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theIngressRoutesOnlyPublicPathsToTheHttpService() throws Exception {
    List<Map<String, Object>> ingresses = DeployFiles.kubernetes("Ingress");
    assertThat(ingresses).isNotEmpty();
    Set<String> served = DeployFilesTest.servedGetPaths();
    for (Map<String, Object> ingress : ingresses) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) at(ingress, "spec", "rules")) {
        for (Map<String, Object> path : (List<Map<String, Object>>) at(rule, "http", "paths")) {
          assertThat(servicePortExists((String) at(path, "backend", "service", "name"),
              (String) at(path, "backend", "service", "port", "name"))).as(path.toString()).isTrue();
          String p = (String) path.get("path");
          assertThat(p).doesNotStartWith("/internal").isNotIn("/metrics", "/ready", "/health");
          assertThat(served.stream().anyMatch(s -> s.startsWith(p) || p.startsWith(s.replaceAll("\\{.*", ""))
              || s.matches(p))).as(p + " is served").isTrue();
        }
      }
    }
    Map<String, Object> ws = ingresses.stream()
        .filter(i -> String.valueOf(at(i, "spec", "rules", "0", "http", "paths", "0", "path")).equals("/notifications/ws"))
        .findFirst().orElseThrow();
    Map<String, String> annotations = (Map<String, String>) at(ws, "metadata", "annotations");
    assertThat(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout"))).isGreaterThan(60);
    assertThat(annotations.get("nginx.ingress.kubernetes.io/enable-access-log")).isEqualTo("false");
  }

  @Test
  void theServiceMonitorScrapesMetricsOnTheHttpPort() throws Exception {
    Map<String, Object> monitor = DeployFiles.kubernetes("ServiceMonitor").get(0);
    assertThat(at(monitor, "spec", "endpoints", "0", "path")).isEqualTo("/metrics");
    assertThat(DeployFilesTest.servedGetPaths()).contains("/metrics");
    Object selector = at(monitor, "spec", "selector", "matchLabels");
    assertThat(DeployFiles.kubernetes("Service")).anySatisfy(s -> {
      assertThat(at(s, "metadata", "labels")).isEqualTo(selector);
      assertThat(servicePortExists((String) at(s, "metadata", "name"), (String) at(monitor, "spec", "endpoints", "0", "port")))
          .isTrue();
    });
  }

  @SuppressWarnings("unchecked")
  private static boolean servicePortExists(String service, String port) {
    return DeployFiles.kubernetes("Service").stream().filter(s -> service.equals(at(s, "metadata", "name")))
        .flatMap(s -> ((List<Map<String, Object>>) at(s, "spec", "ports")).stream())
        .anyMatch(p -> port.equals(p.get("name")));
  }

  private static Map<String, Object> deployment() {
    return DeployFiles.kubernetes("Deployment").get(0);
  }
}
