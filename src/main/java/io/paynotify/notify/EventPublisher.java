package io.paynotify.notify;

import io.paynotify.metrics.NodeMetrics;
import io.vertx.core.eventbus.EventBus;

/** Sends stored events to every node of the cluster (the fast path; the database stays the record). */
public final class EventPublisher {

  private final EventBus eventBus;
  private final NodeMetrics metrics;

  public EventPublisher(EventBus eventBus, NodeMetrics metrics) {
    this.eventBus = eventBus;
    this.metrics = metrics;
  }

  public void publish(UserEvent event) {
    eventBus.publish(Addresses.RELAY, event.toJson());
    metrics.eventPublished();
  }
}
