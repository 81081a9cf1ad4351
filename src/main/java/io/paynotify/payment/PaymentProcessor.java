package io.paynotify.payment;

import io.micrometer.core.instrument.Timer;
import io.paynotify.fault.Faults;
import io.paynotify.logging.LogFields;
import io.paynotify.metrics.NodeMetrics;
import io.paynotify.notify.EventPublisher;
import io.vertx.core.Future;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works one leased inbox row: fetch the payment, apply it and finish the row in one transaction, publish
 * the event after commit. A row worked again (a retry, or a takeover of a dead node's lease) whose
 * payment turns out unchanged re-publishes the payment's latest stored event: an earlier attempt may
 * have committed it without learning so (the commit's answer lost), and tabs drop a seq they have.
 * A failure is recorded on the row as the {@link RetryPolicy} decides. Confined to the payment
 * verticle's event loop.
 */
public final class PaymentProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentProcessor.class);

  private final Inbox inbox;
  private final MercadoPagoClient gateway;
  private final PaymentStore store;
  private final EventPublisher publisher;
  private final NodeMetrics metrics;
  private final RetryPolicy retries;
  private final Faults faults;
  private final InFlight inFlight = new InFlight();

  public PaymentProcessor(Inbox inbox, MercadoPagoClient gateway, PaymentStore store, EventPublisher publisher,
                          NodeMetrics metrics, RetryPolicy retries, Faults faults) {
    this.inbox = inbox;
    this.gateway = gateway;
    this.store = store;
    this.publisher = publisher;
    this.metrics = metrics;
    this.retries = retries;
    this.faults = faults;
  }

  /**
   * Works a claimed row. {@code sinceStored} times a notification stored on this node, from storing to
   * publishing (null for rows leased later). Succeeds once applied; fails with the cause (a
   * {@link GatewayException}, or a database error) after recording it on the row.
   */
  public Future<Void> process(Inbox.Claim claim, Timer.Sample sinceStored) {
    Future<Void> work = ChargebackKey.is(claim.paymentId()) ? chargeback(claim) : gateway.payment(claim.paymentId())
        .compose(payment -> store.apply(claim, payment))
        .compose(applied -> afterCommit(claim, applied))
        .compose(applied -> finished(claim, applied, sinceStored));
    return inFlight.track(work.recover(e -> failed(claim, e).compose(recorded -> Future.failedFuture(e))));
  }

  /**
   * A chargeback's row: each payment of the chargeback is notified as if Mercado Pago had (stored in
   * the inbox and worked, each failing or retrying on its own row), then the chargeback's row is finished.
   */
  private Future<Void> chargeback(Inbox.Claim claim) {
    return gateway.chargebackPayments(ChargebackKey.id(claim.paymentId()))
        .compose(ids -> Future.all(ids.stream().map(this::notified).toList()))
        .compose(all -> inbox.finish(claim, "applied", null))
        .compose(done -> done ? Future.succeededFuture() : again(claim, null));
  }

  /** A payment of a chargeback stored in the inbox as a notification, and worked now if storing it took the lease. */
  private Future<Void> notified(String paymentId) {
    return inbox.receive(paymentId)
        .compose(claim -> claim.map(leased -> process(leased, null).otherwiseEmpty()).orElse(Future.succeededFuture()));
  }

  /** Completes once no payment is being processed (for a graceful shutdown). Call on this context. */
  public Future<Void> idle() {
    return inFlight.idle();
  }

  private Future<PaymentStore.Applied> afterCommit(Inbox.Claim claim, PaymentStore.Applied applied) {
    faults.afterCommit();
    if (applied.event().isPresent() || claim.attempts() <= 1) {
      return Future.succeededFuture(applied);
    }
    return store.latestEvent(claim.paymentId()).map(applied::withEvent).recover(e -> {
      LOG.debug("payment {}: could not read its latest event to re-publish: {}", claim.paymentId(), e.toString());
      return Future.succeededFuture(applied);
    });
  }

  /** The row was finished in the payment's transaction, unless a newer notification came: then again. */
  private Future<Void> finished(Inbox.Claim claim, PaymentStore.Applied applied, Timer.Sample sinceStored) {
    applied.event().ifPresent(event -> {
      publisher.publish(event);
      Optional.ofNullable(sinceStored).ifPresent(metrics::processed);
    });
    if (applied.finished()) {
      return Future.succeededFuture();
    }
    LOG.debug("payment {}: a newer notification arrived while processing; again", claim.paymentId());
    return again(claim, applied.event().isPresent() ? null : sinceStored);
  }

  /** Works the row once more if it is due and free (a newer notification came); otherwise its holder will. */
  private Future<Void> again(Inbox.Claim claim, Timer.Sample sinceStored) {
    return inbox.claim(claim.paymentId())
        .compose(again -> again.map(next -> process(next, sinceStored).recover(e -> Future.succeededFuture()))
            .orElse(Future.succeededFuture()));
  }

  private Future<Void> failed(Inbox.Claim claim, Throwable e) {
    RetryPolicy.Decision decision = retries.decide(claim.attempts(), e);
    Future<?> recorded;
    try (LogFields fields = LogFields.payment(claim.paymentId())) {
      recorded = record(claim, decision);
    }
    return recorded.<Void>mapEmpty().recover(dbDown -> {
      try (LogFields fields = LogFields.payment(claim.paymentId())) {
        LOG.warn("payment {}: could not record the failure ({}); the lease will expire", claim.paymentId(),
            dbDown.toString());
      }
      return Future.succeededFuture();
    });
  }

  private Future<?> record(Inbox.Claim claim, RetryPolicy.Decision decision) {
    if (decision.giveUp()) {
      LOG.error("payment {}: giving up after {} attempts: {}", claim.paymentId(), claim.attempts(), decision.reason());
      metrics.givenUp(decision.givenUpAs());
      return inbox.finish(claim, "failed", decision.reason());
    }
    LOG.warn("payment {}: attempt {} failed ({}); retrying in {} ms", claim.paymentId(), claim.attempts(),
        decision.reason(), decision.delay().toMillis());
    return inbox.retryLater(claim, decision.delay(), decision.reason());
  }
}
