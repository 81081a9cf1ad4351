package io.paynotify.notify;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Tells this node's sockets that a node joined or left the cluster ({@link Addresses#MEMBERSHIP_CHANGED},
 * local only), so that they check their positions at once: a node that left may have stored events it
 * never published, and relay messages in flight to or from it are lost. A Hazelcast membership listener
 * of its own: vertx-hazelcast's {@code nodeListener} holds one listener only, and Vert.x uses it.
 */
public final class MembershipSignal {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private MembershipSignal() {
  }

  /** Starts forwarding membership changes; call once the cluster manager has joined. */
  public static void watch(HazelcastClusterManager cluster, EventBus eventBus) {
    cluster.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        eventBus.publish(Addresses.MEMBERSHIP_CHANGED, event.getMember().getUuid().toString(), LOCAL);
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        eventBus.publish(Addresses.MEMBERSHIP_CHANGED, event.getMember().getUuid().toString(), LOCAL);
      }
    });
  }
}
