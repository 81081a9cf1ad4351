package io.paynotify;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.JoinConfig;
import io.paynotify.config.AppConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Hazelcast join that ClusterSetup builds: TCP/IP by default, Kubernetes DNS discovery when asked. */
class ClusterSetupTest {

  @Test
  void joinsTheListedMembersOverTcpIpByDefault() {
    JoinConfig join = join(new AppConfig.Cluster(true, "127.0.0.1", 5701, List.of("127.0.0.1:5702"), "pn",
        Optional.empty(), 0));
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5702");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
  }

  @Test
  void usesKubernetesDiscoveryByServiceDnsWhenItIsSet() {
    JoinConfig join = join(new AppConfig.Cluster(true, "10.1.2.3", 5701, List.of(), "pn",
        Optional.of("paynotify-hz.shop.svc.cluster.local"), 0));
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("paynotify-hz.shop.svc.cluster.local");
    assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5701");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
  }

  private static JoinConfig join(AppConfig.Cluster cluster) {
    return ClusterSetup.clusterManager(cluster).getConfig().getNetworkConfig().getJoin();
  }
}
