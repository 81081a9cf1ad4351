package io.paynotify.notify;

import io.paynotify.fault.Faults;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per node: the node's single clustered subscription. Each event that any node publishes on
 * {@link Addresses#RELAY} is handed to this node's local {@code notify.user.<id>} consumers, one per
 * socket. A clustered consumer per socket would cost a Hazelcast registration on every connect and a
 * rescan of all of them whenever a member dies; payments are few, so sending each event to every node
 * is cheaper.
 * A message that no paynotify node would publish ({@link RelayMessage}) is dropped and counted,
 * whoever sent it.
 */
public final class RelayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RelayVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final long WARN_EVERY = 1000;

  private final Consumer<String> dropped;
  private final Faults faults;
  private MessageConsumer<Object> consumer;
  private long droppedSoFar;

  /** {@code dropped} counts a dropped message by reason ({@code malformed}, {@code user_id}, {@code seq}, {@code type}). */
  public RelayVerticle(Consumer<String> dropped, Faults faults) {
    this.dropped = dropped;
    this.faults = faults;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.RELAY, this::relay);
    return consumer.completion();
  }

  private void relay(Message<Object> message) {
    if (faults.dropRelayMessage()) {
      return;
    }
    RelayMessage.Checked checked = RelayMessage.check(message.body());
    if (checked.event() != null) {
      vertx.eventBus().publish(Addresses.user(checked.event().userId()), checked.event(), LOCAL);
      return;
    }
    dropped.accept(checked.problem().reason);
    if (droppedSoFar++ % WARN_EVERY == 0) { // a flood of forgeries must not flood the log
      LOG.warn("dropped a relay message that no paynotify node sends ({}); {} dropped so far",
          checked.problem().reason, droppedSoFar);
    }
  }
}
