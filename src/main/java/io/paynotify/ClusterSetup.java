package io.paynotify;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.paynotify.config.AppConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Hazelcast from our configuration: vert.x's own map settings (from its default or an optional
 * {@code cluster.xml} override), then TCP/IP join to {@code CLUSTER_MEMBERS} (or, with
 * {@code CLUSTER_K8S_SERVICE_DNS}, Hazelcast's Kubernetes discovery in DNS mode), multicast and
 * auto-detection off, bound to {@code CLUSTER_HOST:CLUSTER_PORT}, isolated by {@code CLUSTER_NAME}.
 */
final class ClusterSetup {

  private ClusterSetup() {
  }

  static HazelcastClusterManager clusterManager(AppConfig.Cluster cluster) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(cluster.name());
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.local.localAddress", cluster.host());
    hz.setProperty("hazelcast.socket.bind.any", "false");
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getAwsConfig().setEnabled(false);
    if (cluster.kubernetesServiceDns().isPresent()) {
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-dns", cluster.kubernetesServiceDns().get())
          .setProperty("service-port", String.valueOf(cluster.port()));
    } else {
      join.getKubernetesConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(
          cluster.members().isEmpty() ? java.util.List.of(cluster.host() + ":" + cluster.port()) : cluster.members());
    }
    return new HazelcastClusterManager(hz);
  }
}
