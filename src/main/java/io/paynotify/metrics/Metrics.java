package io.paynotify.metrics;

import io.paynotify.notify.UserEvent;
import io.paynotify.realtime.CloseCode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-line hooks the rest of the code calls. Each resolves the node it runs on from the current
 * Vert.x context (several nodes may share a JVM in tests) and is a no-op where metrics are off or
 * the caller is not on a Vert.x thread.
 */
public final class Metrics {

  private static final Map<Vertx, NodeMetrics> NODES = new ConcurrentHashMap<>();

  private Metrics() {
  }

  /** Makes {@code metrics} the meters of the node {@code vertx}. */
  public static void register(Vertx vertx, NodeMetrics metrics) {
    NODES.put(vertx, metrics);
  }

  public static void unregister(Vertx vertx) {
    NODES.remove(vertx);
  }

  /** The meters of the node {@code vertx}, or null when it has none. */
  public static NodeMetrics of(Vertx vertx) {
    return NODES.get(vertx);
  }

  private static NodeMetrics current() {
    Context context = Vertx.currentContext();
    return context == null ? null : NODES.get(context.owner());
  }

  /** A WebSocket upgrade was accepted. */
  public static void socketConnected() {
    NodeMetrics m = current();
    if (m != null) {
      m.connects.increment();
    }
  }

  /** The server closed a socket with {@code code} (counts slow-consumer closes, 4008). */
  public static void socketClosed(CloseCode code) {
    NodeMetrics m = current();
    if (m != null && code == CloseCode.SLOW_CONSUMER) {
      m.slowConsumerCloses.increment();
    }
  }

  /** An event frame was written to a socket. */
  public static void eventDelivered() {
    NodeMetrics m = current();
    if (m != null) {
      m.delivered.increment();
    }
  }

  /** An event row was written (per-user seq allocated). */
  public static void eventStored() {
    NodeMetrics m = current();
    if (m != null) {
      m.stored.increment();
    }
  }

  /** A stored event was published to the cluster; records receipt-to-publish latency for payments. */
  public static void eventPublished(UserEvent event) {
    NodeMetrics m = current();
    if (m != null) {
      m.published(event);
    }
  }

  /** A position check of one event loop ended: its time, its queries, the sockets it found behind. */
  public static void positionCheck(long nanos, int queries, int behind) {
    NodeMetrics m = current();
    if (m != null) {
      m.positionCheck(nanos, queries, behind);
    }
  }

  /** A signed payment notification was stored in the inbox (the receipt time of its processing). */
  public static void webhookStored(String paymentId) {
    NodeMetrics m = current();
    if (m != null) {
      m.received(paymentId);
    }
  }

  /** Mercado Pago answered {@code status} (an HTTP status, or a word such as {@code unreachable}). */
  public static void gatewayCall(String status) {
    NodeMetrics m = current();
    if (m != null) {
      m.gatewayCall(status);
    }
  }
}
