package io.paynotify.notify;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per node: the node's single clustered subscription. Each event that any node publishes on
 * {@link Addresses#RELAY} is handed to this node's local {@code notify.user.<id>} consumers, one per
 * socket. A clustered consumer per socket would cost a Hazelcast registration on every connect and a
 * rescan of all of them whenever a member dies; payments are few, so sending each event to every node
 * is cheaper.
 */
public final class RelayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RelayVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private MessageConsumer<JsonObject> consumer;

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.RELAY, this::relay);
    return consumer.completion();
  }

  private void relay(Message<JsonObject> message) {
    try {
      UserEvent event = UserEvent.fromJson(message.body());
      vertx.eventBus().publish(Addresses.user(event.userId()), event, LOCAL);
    } catch (RuntimeException e) {
      LOG.warn("dropped a malformed relay message: {}", e.toString());
    }
  }
}
