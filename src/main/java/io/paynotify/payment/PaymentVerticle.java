package io.paynotify.payment;

import io.paynotify.config.AppConfig;
import io.paynotify.config.Plan;
import io.paynotify.fault.Faults;
import io.paynotify.error.AppException;
import io.paynotify.error.BusErrors;
import io.paynotify.error.ErrorCode;
import io.paynotify.metrics.NodeMetrics;
import io.paynotify.notify.Addresses;
import io.paynotify.notify.EventPublisher;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.eventbus.Message;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payment side of a node: takes webhooks from the HTTP edge, keeps the inbox worker and the
 * reconciliation of pending payments running, and publishes the resulting events cluster-wide.
 */
public final class PaymentVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentVerticle.class);

  /** The part of the configuration the payment side uses. */
  public record Settings(AppConfig.MercadoPago mercadoPago, AppConfig.Inbox inbox, Map<String, Plan> plans,
                         Duration shutdownDrain) {

    public static Settings of(AppConfig config) {
      return new Settings(config.mercadoPago(), config.inbox(), config.plans(), config.shutdownDrain());
    }
  }

  private final Settings config;
  private final Pool pool;
  private final PaymentQueries queries;
  private final NodeMetrics metrics;
  private final Faults faults;
  private MercadoPagoClient gateway;
  private WebhookHandler webhooks;
  private PaymentSync sync;
  private InboxWorker worker;
  private Inbox inbox;
  private PaymentProcessor processor;
  private long pollTimer;
  private long reconcileTimer;

  public PaymentVerticle(Settings config, Pool pool, PaymentQueries queries, NodeMetrics metrics, Faults faults) {
    this.config = config;
    this.pool = pool;
    this.queries = queries;
    this.metrics = metrics;
    this.faults = faults;
  }

  @Override
  public Future<?> start() {
    wire();
    pollTimer = vertx.setPeriodic(config.inbox().pollInterval().toMillis(), id -> worker.poll());
    reconcileTimer = vertx.setPeriodic(config.inbox().reconcileInterval().toMillis(), id -> reconcile());
    return Future.all(
        vertx.eventBus().<WebhookRequest>localConsumer(Addresses.PAYMENT_WEBHOOK, this::onWebhook).completion(),
        vertx.eventBus().<String>localConsumer(Addresses.PAYMENT_SYNC, this::onSync).completion());
  }

  private void wire() {
    inbox = new Inbox(pool, config.inbox().lease());
    gateway = new MercadoPagoClient(vertx, config.mercadoPago(), metrics);
    PaymentStore store = new PaymentStore(pool, new PaymentRules(config.plans(), config.mercadoPago().collectorId()),
        metrics);
    processor = new PaymentProcessor(inbox, gateway, store, new EventPublisher(vertx.eventBus(), metrics), metrics,
        new RetryPolicy(config.inbox()), faults);
    webhooks = new WebhookHandler(new WebhookSignature(config.mercadoPago().webhookSecrets()), inbox, processor, metrics,
        config.mercadoPago().acceptUnsignedIpn() ? new IpnHints() : null);
    worker = new InboxWorker(inbox, processor);
    sync = new PaymentSync(vertx, inbox, processor, queries);
  }

  /** Answers the HTTP edge: the webhook's JSON answer, or its application error. */
  private void onWebhook(Message<WebhookRequest> message) {
    answer(message, Future.succeededFuture(message.body()).compose(webhooks::handle));
  }

  /** Answers the HTTP edge: the synced payment's state, or its application error. */
  private void onSync(Message<String> message) {
    answer(message, sync.sync(message.body()));
  }

  private static void answer(Message<?> message, Future<JsonObject> answer) {
    answer.onSuccess(message::reply)
        .onFailure(e -> BusErrors.fail(message, e instanceof AppException app ? app : internal(message, e)));
  }

  private static AppException internal(Message<?> message, Throwable e) {
    LOG.error("{} failed", message.address(), e);
    return new AppException(ErrorCode.INTERNAL, "internal error");
  }

  private void reconcile() {
    inbox.enqueueStalePending(config.inbox().reconcilePendingAfter())
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("reconciliation: {} pending payments due for a fresh look", n);
            worker.poll();
          }
        })
        .onFailure(e -> LOG.warn("reconciliation skipped, next try in {} s: {}",
            config.inbox().reconcileInterval().toSeconds(), e.toString()));
  }

  /** Takes no new work, lets in-flight payments finish (bounded by the drain time), then closes. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(reconcileTimer);
    return processor.idle()
        .timeout(config.shutdownDrain().toMillis(), TimeUnit.MILLISECONDS)
        .onFailure(e -> LOG.warn("shutdown: payments still in flight after {} s; their inbox rows stay due",
            config.shutdownDrain().toSeconds()))
        .eventually(gateway::close);
  }
}
