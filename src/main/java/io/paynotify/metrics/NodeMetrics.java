package io.paynotify.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.paynotify.notify.UserEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The paynotify meters of one node (names prefixed {@code paynotify_} once exported). */
public final class NodeMetrics {

  private static final int MAX_TRACKED = 10_000;
  private static final long FORGET_AFTER_NANOS = Duration.ofMinutes(10).toNanos();

  private final MeterRegistry registry;
  final Counter connects;
  final Counter slowConsumerCloses;
  final Counter stored;
  final Counter published;
  final Counter delivered;
  private final Timer latency;
  private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();

  public NodeMetrics(MeterRegistry registry) {
    this.registry = registry;
    connects = Counter.builder("paynotify.ws.connects").description("WebSocket upgrades accepted").register(registry);
    slowConsumerCloses = Counter.builder("paynotify.ws.slow.consumer.closes")
        .description("sockets closed with 4008 because the reader fell behind").register(registry);
    stored = Counter.builder("paynotify.events.stored").description("event rows written").register(registry);
    published = Counter.builder("paynotify.events.published").description("events published to the cluster")
        .register(registry);
    delivered = Counter.builder("paynotify.events.delivered").description("event frames written to sockets")
        .register(registry);
    latency = Timer.builder("paynotify.processing.latency")
        .description("from storing a payment notification to publishing its event")
        .serviceLevelObjectives(ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000),
            ms(10_000), ms(30_000), ms(60_000))
        .register(registry);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  /** Every meter of the node in the Prometheus text format. */
  public String scrape() {
    return registry instanceof PrometheusMeterRegistry prometheus ? prometheus.scrape() : "";
  }

  /** A gauge read from {@code value} at each scrape. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /** Counts an upgrade refused before it happened, by reason. */
  public void socketRejected(String reason) {
    Counter.builder("paynotify.ws.rejects").description("WebSocket upgrades refused, by reason")
        .tag("reason", reason).register(registry).increment();
  }

  /** Counts a relay message dropped because no paynotify node would send it, by reason. */
  public void relayDropped(String reason) {
    Counter.builder("paynotify.relay.dropped").description("relay messages dropped as not sent by paynotify, by reason")
        .tag("reason", reason).register(registry).increment();
  }

  /** Counts a webhook answer, by result. */
  public void webhook(String result) {
    Counter.builder("paynotify.webhooks").description("Mercado Pago webhook answers, by result")
        .tag("result", result).register(registry).increment();
  }

  void gatewayCall(String status) {
    Counter.builder("paynotify.gateway.calls").description("Mercado Pago API calls, by answer")
        .tag("status", status).register(registry).increment();
  }

  void received(String paymentId) {
    if (receivedAt.size() >= MAX_TRACKED) {
      long now = System.nanoTime();
      receivedAt.values().removeIf(t -> now - t > FORGET_AFTER_NANOS);
    }
    receivedAt.putIfAbsent(paymentId, System.nanoTime());
  }

  void published(UserEvent event) {
    published.increment();
    Object paymentId = event.data() == null ? null : event.data().getValue("paymentId");
    Long start = paymentId instanceof String id ? receivedAt.remove(id) : null;
    if (start != null) {
      latency.record(Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
