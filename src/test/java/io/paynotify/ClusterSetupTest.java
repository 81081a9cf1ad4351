package io.paynotify;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.JoinConfig;
import io.paynotify.config.AppConfig;
import io.paynotify.config.ConfigLoader;
import io.paynotify.support.LogCapture;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What ClusterSetup builds: the Hazelcast join (TCP/IP by default, Kubernetes DNS discovery when
 * asked), the event bus (mutual TLS when configured) and the warnings of an open cluster.
 */
class ClusterSetupTest {

  @Test
  void joinsTheListedMembersOverTcpIpByDefault() {
    JoinConfig join = join(new AppConfig.Cluster(true, "127.0.0.1", 5701, List.of("127.0.0.1:5702"), "pn",
        Optional.empty(), 0, Optional.empty()));
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5702");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
  }

  @Test
  void usesKubernetesDiscoveryByServiceDnsWhenItIsSet() {
    JoinConfig join = join(new AppConfig.Cluster(true, "10.1.2.3", 5701, List.of(), "pn",
        Optional.of("paynotify-hz.shop.svc.cluster.local"), 0, Optional.empty()));
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("paynotify-hz.shop.svc.cluster.local");
    assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5701");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
  }

  private static JoinConfig join(AppConfig.Cluster cluster) {
    return ClusterSetup.clusterManager(cluster).getConfig().getNetworkConfig().getJoin();
  }

  @Test
  void clusterTlsRequiresAndVerifiesCertificatesOfTheClusterCaBothWays() {
    AppConfig.Tls tls = new AppConfig.Tls(Path.of("/tls/node.crt"), Path.of("/tls/node.key"), Optional.of(Path.of("/tls/ca.crt")));
    EventBusOptions options = ClusterSetup.eventBusOptions(new AppConfig.Cluster(true, "127.0.0.1", 5701, List.of(), "pn",
        Optional.empty(), 5702, Optional.of(tls)));
    assertThat(options.isSsl()).isTrue();
    assertThat(options.isTrustAll()).isFalse();
    assertThat(options.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(((PemTrustOptions) options.getTrustOptions()).getCertPaths()).containsExactly("/tls/ca.crt");
    assertThat(((PemKeyCertOptions) options.getKeyCertOptions()).getCertPaths()).containsExactly("/tls/node.crt");
    assertThat(options.getEnabledSecureTransportProtocols()).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
    assertThat(ClusterSetup.eventBusOptions(new AppConfig.Cluster(true, "127.0.0.1", 5701, List.of(), "pn",
        Optional.empty(), 0, Optional.empty())).isSsl()).isFalse();
  }

  @Test
  void warnsOfAnUnauthenticatedClusterAndOutsideDevelopmentOfTheDefaultName() {
    assertThat(warnings(Map.of("CLUSTER", "true", "CLUSTER_INSECURE", "true"))).hasSize(2);
    assertThat(warnings(Map.of("CLUSTER", "true", "CLUSTER_INSECURE", "true", "CLUSTER_NAME", "shop-prod")))
        .singleElement().asString()
        .startsWith("WARN the cluster is unauthenticated");
    assertThat(warnings(Map.of("CLUSTER", "true", "PAYNOTIFY_DEV", "true"))).hasSize(1);
  }

  private static List<String> warnings(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("JWT_SECRET", "0123456789abcdef0123", "MP_WEBHOOK_SECRET", "whsec",
        "MP_ACCESS_TOKEN", "APP_USR-x"));
    env.putAll(extra);
    AppConfig config = ConfigLoader.load(env, Path.of("/nonexistent-paynotify-dir"));
    try (LogCapture log = LogCapture.of(ClusterSetup.class.getName())) {
      ClusterSetup.warnIfOpen(config);
      return log.lines();
    }
  }
}
