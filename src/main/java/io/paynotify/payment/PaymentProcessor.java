package io.paynotify.payment;

import io.paynotify.config.AppConfig;
import io.paynotify.fault.FaultPoint;
import io.paynotify.metrics.NodeMetrics;
import io.paynotify.notify.EventPublisher;
import io.paynotify.notify.UserEvent;
import io.paynotify.logging.LogFields;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works one inbox row: fetch the payment, apply it and finish the row in one transaction, publish
 * the event after commit. A row worked again (a retry, or a takeover of a dead node's lease) whose
 * payment turns out unchanged re-publishes the payment's latest stored event: an earlier attempt may
 * have committed it without learning so (the commit's answer lost), and tabs drop a seq they have. Failures leave the row due with exponential back-off;
 * permanent ones (401/403, a 404 that persists) end as recorded failures. Measures, for notifications
 * stored on this node, the time from storing to publishing. Confined to the PaymentVerticle's event loop.
 */
public final class PaymentProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentProcessor.class);
  private static final int MAX_TRACKED = 10_000;

  private final Inbox inbox;
  private final MercadoPagoClient gateway;
  private final PaymentStore store;
  private final EventPublisher publisher;
  private final NodeMetrics metrics;
  private final AppConfig.Inbox config;
  private final NotFoundPatience notFoundPatience;
  /** When a notification stored on this node was stored ({@code System.nanoTime()}), until its row is finished. */
  private final Map<String, Long> storedAt = new HashMap<>();
  private int inFlight;
  private Promise<Void> idle;

  public PaymentProcessor(Inbox inbox, MercadoPagoClient gateway, PaymentStore store, EventPublisher publisher,
                          NodeMetrics metrics, AppConfig.Inbox config) {
    this.inbox = inbox;
    this.gateway = gateway;
    this.store = store;
    this.publisher = publisher;
    this.metrics = metrics;
    this.config = config;
    this.notFoundPatience = new NotFoundPatience(config.notFoundPatience(), config.maxBackoff());
  }

  /**
   * A notification for the payment was just stored in the inbox: time it, and process it now if
   * storing it took the lease ({@code claim}); otherwise whoever holds the row will.
   */
  public Future<Void> stored(String paymentId, Optional<Inbox.Claim> claim) {
    if (storedAt.size() >= MAX_TRACKED) {
      storedAt.clear(); // rows another node finished: their times would never be read
    }
    storedAt.putIfAbsent(paymentId, System.nanoTime());
    return claim.map(this::process).orElse(Future.succeededFuture());
  }

  /** Processes the payment now if its row is due and free; otherwise whoever holds it will. */
  private Future<Void> processNow(String paymentId) {
    return tracked(inbox.claim(paymentId).compose(claim -> claim.map(this::process).orElse(Future.succeededFuture())));
  }

  /** Processes one leased row; never fails (failures are recorded on the row). */
  public Future<Void> process(Inbox.Claim claim) {
    return tracked(attempt(claim).recover(e -> Future.succeededFuture()));
  }

  /**
   * Works the claim that storing a notification took, and tells how it went: true once applied;
   * failed with the cause (a {@link GatewayException}, or a database error) after recording it on
   * the row like any attempt; false when there is no claim: another worker holds the row (it will
   * apply the newest notification).
   */
  public Future<Boolean> processReporting(Optional<Inbox.Claim> claim) {
    return claim.isEmpty() ? Future.succeededFuture(false) : tracked(attempt(claim.get()).map(true));
  }

  private Future<Void> attempt(Inbox.Claim claim) {
    Future<Void> work = ChargebackKey.is(claim.paymentId()) ? chargeback(claim) : gateway.payment(claim.paymentId())
        .compose(payment -> store.apply(claim, payment))
        .compose(applied -> afterCommit(claim, applied))
        .compose(applied -> finished(claim, applied));
    return work.recover(e -> failed(claim, e).compose(recorded -> Future.failedFuture(e)));
  }

  /**
   * A chargeback: each of its payments is notified as if Mercado Pago had (stored in the inbox, then
   * worked, each failing or retrying on its own row), then the chargeback's row is finished.
   */
  private Future<Void> chargeback(Inbox.Claim claim) {
    return gateway.chargebackPayments(ChargebackKey.id(claim.paymentId()))
        .compose(ids -> Future.all(ids.stream().map(id -> inbox.receive(id).compose(c -> stored(id, c))).toList()))
        .compose(all -> inbox.finish(claim, "applied", null))
        .compose(done -> {
          storedAt.remove(claim.paymentId());
          return done ? Future.succeededFuture() : processNow(claim.paymentId());
        });
  }

  /** Completes once no payment is being processed (for a graceful shutdown). Call on this context. */
  public Future<Void> idle() {
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    if (idle == null) {
      idle = Promise.promise();
    }
    return idle.future();
  }

  private <T> Future<T> tracked(Future<T> work) {
    inFlight++;
    return work.andThen(ar -> {
      if (--inFlight == 0 && idle != null) {
        Promise<Void> done = idle;
        idle = null;
        done.complete();
      }
    });
  }

  private Future<PaymentStore.Applied> afterCommit(Inbox.Claim claim, PaymentStore.Applied applied) {
    FaultPoint.haltIfArmedAfterCommit();
    if (applied.event().isPresent() || claim.attempts() <= 1) {
      return Future.succeededFuture(applied);
    }
    return store.latestEvent(claim.paymentId()).map(applied::withEvent).recover(e -> {
      LOG.debug("payment {}: could not read its latest event to re-publish: {}", claim.paymentId(), e.toString());
      return Future.succeededFuture(applied);
    });
  }

  /** The row was finished in the payment's transaction, unless a newer notification came: then again. */
  private Future<Void> finished(Inbox.Claim claim, PaymentStore.Applied applied) {
    applied.event().ifPresent(e -> publish(claim.paymentId(), e));
    if (applied.finished()) {
      storedAt.remove(claim.paymentId());
      return Future.succeededFuture();
    }
    LOG.debug("payment {}: a newer notification arrived while processing; again", claim.paymentId());
    return processNow(claim.paymentId());
  }

  private Future<Void> failed(Inbox.Claim claim, Throwable e) {
    GatewayException.Kind kind = e instanceof GatewayException g ? g.kind() : GatewayException.Kind.TRANSIENT;
    String reason = e instanceof GatewayException ? e.getMessage() : "processing failed: " + e.getClass().getSimpleName();
    boolean permanent = kind == GatewayException.Kind.REFUSED
        || kind == GatewayException.Kind.NOT_FOUND && notFoundPatience.exhausted(claim.attempts());
    Duration retryAfter = e instanceof GatewayException g ? g.retryAfter().orElse(Duration.ZERO) : Duration.ZERO;
    Future<?> recorded;
    try (LogFields fields = LogFields.payment(claim.paymentId())) {
      recorded = record(claim, permanent, reason, retryAfter);
      if (permanent) {
        metrics.givenUp(kind == GatewayException.Kind.REFUSED ? "refused" : "not_found");
      }
    }
    return recorded.<Void>mapEmpty().recover(dbDown -> {
      try (LogFields fields = LogFields.payment(claim.paymentId())) {
        LOG.warn("payment {}: could not record the failure ({}); the lease will expire", claim.paymentId(),
            dbDown.toString());
      }
      return Future.succeededFuture();
    });
  }

  private Future<?> record(Inbox.Claim claim, boolean permanent, String reason, Duration retryAfter) {
    Future<?> recorded;
    if (permanent) {
      LOG.error("payment {}: giving up after {} attempts: {}", claim.paymentId(), claim.attempts(), reason);
      storedAt.remove(claim.paymentId());
      recorded = inbox.finish(claim, "failed", reason);
    } else {
      Duration delay = retryDelay(claim.attempts(), retryAfter);
      LOG.warn("payment {}: attempt {} failed ({}); retrying in {} ms", claim.paymentId(), claim.attempts(), reason,
          delay.toMillis());
      recorded = inbox.retryLater(claim, delay, reason);
    }
    return recorded;
  }

  private void publish(String paymentId, UserEvent event) {
    publisher.publish(event);
    Long start = storedAt.remove(paymentId);
    if (start != null) {
      metrics.processed(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * The back-off, but no earlier than Mercado Pago's {@code Retry-After} (429 / 503), which is itself
   * capped by {@code INBOX_MAX_BACKOFF_SECONDS}.
   */
  Duration retryDelay(int attempts, Duration retryAfter) {
    Duration asked = retryAfter.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : retryAfter;
    Duration backoff = backoff(attempts);
    return asked.compareTo(backoff) > 0 ? asked : backoff;
  }

  /** 1 s, 2 s, 4 s ... up to the configured cap, with up to 20% jitter. */
  Duration backoff(int attempts) {
    long base = 1000L << Math.min(Math.max(attempts - 1, 0), 20);
    long capped = Math.min(base, config.maxBackoff().toMillis());
    return Duration.ofMillis(capped + ThreadLocalRandom.current().nextLong(capped / 5 + 1));
  }
}
