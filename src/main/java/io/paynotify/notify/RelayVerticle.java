package io.paynotify.notify;

import io.paynotify.fault.FaultPoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per node: the node's single clustered subscription. Each event that any node publishes on
 * {@link Addresses#RELAY} is handed to this node's local {@code notify.user.<id>} consumers, one per
 * socket (DESIGN decision 5).
 */
public final class RelayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RelayVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private MessageConsumer<JsonObject> consumer;

  /** Registers the codec local user events travel with; once per Vert.x instance. */
  public static void registerCodec(EventBus eventBus) {
    eventBus.registerDefaultCodec(UserEvent.class, new LocalEventCodec());
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.RELAY, this::relay);
    return consumer.completion();
  }

  private void relay(Message<JsonObject> message) {
    if (FaultPoint.DROP_RELAY.armed()) {
      return;
    }
    try {
      UserEvent event = UserEvent.fromJson(message.body());
      vertx.eventBus().publish(Addresses.user(event.userId()), event, LOCAL);
    } catch (RuntimeException e) {
      LOG.warn("dropped a malformed relay message: {}", e.toString());
    }
  }
}
