package io.paynotify.support;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An attacker on the cluster network, written as one would write it from the Vert.x docs: a clustered
 * Vert.x with Hazelcast, the cluster's name and a member address, nothing of paynotify. It reads the
 * subscription map, publishes on every address it finds, and listens on the relay.
 */
public final class Stranger implements AutoCloseable {

  public final Vertx vertx;
  public final HazelcastClusterManager cluster;
  public final List<Object> heard = new CopyOnWriteArrayList<>();

  private Stranger(Vertx vertx, HazelcastClusterManager cluster) {
    this.vertx = vertx;
    this.cluster = cluster;
  }

  /** Joins {@code clusterName} through {@code member} with this event bus (plain, or TLS with its own certificate). */
  public static Stranger join(String clusterName, String member, EventBusOptions eventBus) {
    Config hz = ConfigUtil.loadConfig().setClusterName(clusterName);
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.local.localAddress", "127.0.0.1");
    hz.getNetworkConfig().setPort(Ports.free()).setPortAutoIncrement(false);
    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(List.of(member));
    HazelcastClusterManager cluster = new HazelcastClusterManager(hz);
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventBusOptions(eventBus.setHost("127.0.0.1")))
        .withClusterManager(cluster).buildClustered().await();
    return new Stranger(vertx, cluster);
  }

  /** Every address with a clustered subscriber, as {@code __vertx.subs} lists them. */
  public Set<String> addresses() {
    return new TreeSet<>(cluster.getHazelcastInstance().<String, Object>getMultiMap("__vertx.subs").keySet());
  }

  /** Starts listening on {@code address} like a node would (a clustered consumer). */
  public void listen(String address) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address, message -> heard.add(message.body()));
    consumer.completion().await();
  }

  /**
   * Publishes {@code body} on each address, then sends it as a request to each and waits until every
   * request has ended (answered, refused or timed out): by then every message it sent has gone as far
   * as it could.
   */
  public void forge(Set<String> addresses, Object body) {
    List<Future<?>> attempts = new ArrayList<>();
    for (String address : addresses) {
      vertx.eventBus().publish(address, body);
      attempts.add(vertx.eventBus().request(address, body, new DeliveryOptions().setSendTimeout(3000)));
    }
    Future.join(attempts).otherwiseEmpty().await();
  }

  /** A forged payment confirmation for {@code userId}, as a node would relay it. */
  public static JsonObject forgedConfirmation(String userId, long seq) {
    return new JsonObject().put("userId", userId).put("seq", seq).put("type", "PAYMENT_CONFIRMED")
        .put("data", new JsonObject().put("paymentId", "forged-" + seq).put("status", "approved")
            .put("planType", "addon_10").put("creditsAdded", 10).put("totalCredits", 10)
            .put("timestamp", "2026-01-01T00:00:00Z"));
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
