package io.paynotify.notify;

import io.paynotify.metrics.Metrics;
import io.vertx.core.eventbus.EventBus;

/** Sends stored events to every node of the cluster (the fast path; the database stays the record). */
public final class EventPublisher {

  private final EventBus eventBus;

  public EventPublisher(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  public void publish(UserEvent event) {
    eventBus.publish(Addresses.RELAY, event.toJson());
    Metrics.eventPublished(event);
  }
}
