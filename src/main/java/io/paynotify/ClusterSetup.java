package io.paynotify;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.paynotify.config.AppConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hazelcast from our configuration: vert.x's own map settings (from its default or an optional
 * {@code cluster.xml} override), then TCP/IP join to {@code CLUSTER_MEMBERS} (or, with
 * {@code CLUSTER_K8S_SERVICE_DNS}, Hazelcast's Kubernetes discovery in DNS mode), multicast and
 * auto-detection off, bound to {@code CLUSTER_HOST:CLUSTER_PORT}, isolated by {@code CLUSTER_NAME};
 * and the clustered event bus, with mutual TLS when {@code CLUSTER_TLS_*} are set.
 */
final class ClusterSetup {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);
  private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private ClusterSetup() {
  }

  static HazelcastClusterManager clusterManager(AppConfig.Cluster cluster) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(cluster.name());
    hz.setInstanceName(instanceName(cluster));
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.local.localAddress", cluster.host());
    hz.setProperty("hazelcast.socket.bind.any", "false");
    quietWhenIdle(hz);
    closeWhatIsUnused(hz);
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

  /**
   * Hazelcast's own metrics (collected every 5 s for a Management Center paynotify does not run;
   * the node's meters are Vert.x's and its own) and its health monitor cost CPU on a node that is
   * otherwise idle: off (docs/scaling.md has the figure).
   */
  static void quietWhenIdle(Config hz) {
    hz.getMetricsConfig().setEnabled(false);
    hz.setProperty("hazelcast.health.monitoring.level", "OFF");
  }

  /**
   * A member on the cluster network can hand this node serialized objects: Java deserialization is
   * limited to Hazelcast's own defaults and the cluster manager's classes (vert.x stores its
   * subscriptions and node infos as {@code DataSerializable}; paynotify puts nothing of its own in
   * Hazelcast), and the REST and Memcache endpoints that Hazelcast can open on its port stay off.
   */
  static void closeWhatIsUnused(Config hz) {
    hz.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
        .setDefaultsDisabled(false)
        .setWhitelist(new ClassFilter().addPrefixes("io.vertx.spi.cluster.hazelcast.")));
    hz.getNetworkConfig().getRestApiConfig().setEnabled(false);
    hz.getNetworkConfig().getMemcacheProtocolConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
  }

  /** The Hazelcast instance's name, which its threads carry: {@code hz.<name>.<thread>}. */
  static String instanceName(AppConfig.Cluster cluster) {
    return "paynotify-" + cluster.host() + ":" + cluster.port();
  }

  /**
   * The clustered event bus on {@code CLUSTER_HOST:EVENTBUS_PORT}. With cluster TLS both directions
   * are TLS: this node presents its certificate, requires one from every peer that connects
   * ({@link ClientAuth#REQUIRED}) and, connecting, verifies the peer's; either side accepts only a
   * chain to {@code CLUSTER_TLS_CA_FILE} ({@code EventBusOptions} defaults to trusting every server
   * certificate: that is turned off here). Host names are not checked (Vert.x's event-bus client never
   * does, and node addresses change): the CA itself is the membership, so it must issue certificates
   * to paynotify nodes only.
   */
  static EventBusOptions eventBusOptions(AppConfig.Cluster cluster) {
    EventBusOptions options = new EventBusOptions().setHost(cluster.host()).setPort(cluster.eventBusPort())
        .setClusterPublicHost(cluster.host());
    cluster.tls().ifPresent(tls -> options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certFile().toString())
            .setKeyPath(tls.keyFile().toString()))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile().orElseThrow().toString()))
        .setTrustAll(false) // EventBusOptions trusts every server certificate by default
        .setClientAuth(ClientAuth.REQUIRED)
        .setEnabledSecureTransportProtocols(PROTOCOLS));
    return options;
  }

  /** Says, once at start, what an open cluster lets a stranger on its network do. */
  static void warnIfOpen(AppConfig config) {
    AppConfig.Cluster cluster = config.cluster();
    if (cluster.tls().isPresent()) {
      return;
    }
    LOG.warn("the cluster is unauthenticated: without CLUSTER_TLS_CERT_FILE, CLUSTER_TLS_KEY_FILE and CLUSTER_TLS_CA_FILE "
        + "any process that reaches the Hazelcast and event-bus ports can join and send events to tabs (SECURITY.md)");
    if (!config.devMode() && AppConfig.Cluster.DEFAULT_NAME.equals(cluster.name())) {
      LOG.warn("CLUSTER_NAME is the default '{}', which anyone can guess, and cluster TLS is off: "
          + "set CLUSTER_NAME and the CLUSTER_TLS_* files", AppConfig.Cluster.DEFAULT_NAME);
    }
  }
}
