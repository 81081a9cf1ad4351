package io.paynotify.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The paynotify meters of one node (names prefixed {@code paynotify_} once exported), built once per
 * node and handed to whoever counts something. Knows nothing of what it counts: callers say what
 * happened with what they have.
 */
public final class NodeMetrics {

  private final MeterRegistry registry;
  private final Counter connects;
  private final Counter slowConsumerCloses;
  private final Counter stored;
  private final Counter published;
  private final Counter delivered;
  private final Counter unconfirmed;
  private final Counter folded;
  private final Timer latency;
  private final Timer positionChecks;
  private final Counter positionQueries;
  private final Counter positionCatchUps;

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
    unconfirmed = Counter.builder("paynotify.ws.live.unconfirmed")
        .description("live events dropped because the store, read after they arrived, does not hold them (forged or stray)")
        .register(registry);
    folded = Counter.builder("paynotify.webhooks.folded")
        .description("signed notifications folded into a fetch of their payment already queued or running")
        .register(registry);
    positionChecks = Timer.builder("paynotify.ws.position.checks")
        .description("position checks of one event loop (the live path's backstop), from first query to last answer")
        .register(registry);
    positionQueries = Counter.builder("paynotify.ws.position.queries")
        .description("queries of the position checks (a recent check: one; a full check: the clock and one per batch of users)").register(registry);
    positionCatchUps = Counter.builder("paynotify.ws.position.catchups")
        .description("sockets found behind the store by a position check and caught up from it").register(registry);
    latency = Timer.builder("paynotify.processing.latency")
        .description("from storing a payment notification to publishing its event")
        .serviceLevelObjectives(ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000),
            ms(10_000), ms(30_000), ms(60_000))
        .register(registry);
    registerAtZero();
    Gauge.builder("paynotify.build.info", () -> 1).description("1, labelled with the build's version and the Java runtime")
        .tag("version", version()).tag("java", Runtime.version().toString()).register(registry);
  }

  /** Every labelled counter whose label values are known, at zero (see {@link KnownLabels}). */
  private void registerAtZero() {
    KnownLabels.WEBHOOK_RESULTS.forEach(this::webhooks);
    KnownLabels.REJECT_REASONS.forEach(this::rejects);
    KnownLabels.RELAY_DROP_REASONS.forEach(this::relayDrops);
    KnownLabels.REVIEW_REASONS.forEach(this::needsReviewCounter);
    KnownLabels.GATEWAY_STATUSES.forEach(this::gatewayCalls);
    GIVEN_UP_REASONS.forEach(this::givenUpCounter);
  }

  private static String version() {
    String version = NodeMetrics.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  /** Every meter of the node in the Prometheus text format. */
  public String scrape() {
    return registry instanceof PrometheusMeterRegistry prometheus ? prometheus.scrape() : "";
  }

  /** A position check of one event loop ended: its time, its queries, the sockets it found behind. */
  public void positionCheck(long nanos, int queries, int behind) {
    positionChecks.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    positionQueries.increment(queries);
    positionCatchUps.increment(behind);
  }

  /** A gauge read from {@code value} at each scrape. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /** Counts an upgrade refused before it happened, by reason. */
  public void socketRejected(String reason) {
    rejects(reason).increment();
  }

  private Counter rejects(String reason) {
    return Counter.builder("paynotify.ws.rejects").description("WebSocket upgrades refused, by reason")
        .tag("reason", reason).register(registry);
  }

  /** Counts a relay message dropped because no paynotify node would send it, by reason. */
  public void relayDropped(String reason) {
    relayDrops(reason).increment();
  }

  private Counter relayDrops(String reason) {
    return Counter.builder("paynotify.relay.dropped")
        .description("relay messages dropped as not sent by paynotify, by reason").tag("reason", reason).register(registry);
  }

  /** Counts a webhook answer, by result. */
  public void webhook(String result) {
    webhooks(result).increment();
  }

  private Counter webhooks(String result) {
    return Counter.builder("paynotify.webhooks").description("Mercado Pago webhook answers, by result")
        .tag("result", result).register(registry);
  }

  /** An approved payment failed a check and was not credited: someone has to look at it, by reason. */
  public void needsReview(String reason) {
    needsReviewCounter(reason).increment();
  }

  private Counter needsReviewCounter(String reason) {
    return Counter.builder("paynotify.payments.needs.review")
        .description("approved payments that failed a check and were not credited, by reason")
        .tag("reason", reason).register(registry);
  }

  /** Why a notification can be given up; each series exists at zero from the start, so alerts see the first one. */
  public static final java.util.List<String> GIVEN_UP_REASONS = java.util.List.of("not_found", "refused");

  /** A notification was given up (its payment never fetched), by reason: one of {@link #GIVEN_UP_REASONS}. */
  public void givenUp(String reason) {
    givenUpCounter(reason).increment();
  }

  private Counter givenUpCounter(String reason) {
    return Counter.builder("paynotify.inbox.given.up")
        .description("notifications given up without their payment being applied (apply them with the sync endpoint), by reason")
        .tag("reason", reason).register(registry);
  }

  /** Mercado Pago answered {@code status} (an HTTP status, or a word such as {@code unreachable}). */
  public void gatewayCall(String status) {
    gatewayCalls(status).increment();
  }

  private Counter gatewayCalls(String status) {
    return Counter.builder("paynotify.gateway.calls").description("Mercado Pago API calls, by answer")
        .tag("status", status).register(registry);
  }

  /** A WebSocket upgrade was accepted. */
  public void socketConnected() {
    connects.increment();
  }

  /** A socket was closed because its reader fell behind (4008). */
  public void slowConsumerClosed() {
    slowConsumerCloses.increment();
  }

  /** An event row was written (per-user seq allocated). */
  public void eventStored() {
    stored.increment();
  }

  /** A stored event was published to the cluster. */
  public void eventPublished() {
    published.increment();
  }

  /** An event frame was written to a socket. */
  public void eventDelivered() {
    delivered.increment();
  }

  /** Live events skipped ahead of a socket and the store did not confirm them: dropped. */
  public void liveEventsUnconfirmed(int count) {
    unconfirmed.increment(count);
  }

  /** A notification was stored while its payment's fetch was queued or running: it costs no fetch of its own. */
  public void webhookFolded() {
    folded.increment();
  }

  /** Starts timing a payment notification just stored on this node (see {@link #processed}). */
  public Timer.Sample notificationStored() {
    return Timer.start(registry);
  }

  /** The event of a notification timed since {@link #notificationStored} was published. */
  public void processed(Timer.Sample sinceStored) {
    sinceStored.stop(latency);
  }
}
