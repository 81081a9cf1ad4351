package io.paynotify;

import io.paynotify.auth.UserTokens;
import io.paynotify.config.AppConfig;
import io.paynotify.config.DatabaseUrl;
import io.paynotify.db.Database;
import io.paynotify.db.Migrations;
import io.paynotify.dev.DevMode;
import io.paynotify.fault.Faults;
import io.paynotify.http.EdgeAssets;
import io.paynotify.http.HttpEdge;
import io.paynotify.logging.NodeLogName;
import io.paynotify.metrics.InboxGauges;
import io.paynotify.metrics.MetricsSetup;
import io.paynotify.metrics.NodeMetrics;
import io.paynotify.notify.EventStore;
import io.paynotify.notify.LocalCodec;
import io.paynotify.notify.MembershipSignal;
import io.paynotify.notify.RelayVerticle;
import io.paynotify.notify.UserEvent;
import io.paynotify.ops.GracefulShutdown;
import io.paynotify.ops.NodeOps;
import io.paynotify.payment.PaymentQueries;
import io.paynotify.credits.CreditStore;
import io.paynotify.payment.PaymentVerticle;
import io.paynotify.payment.WebhookRequest;
import io.paynotify.realtime.ConnectionLimits;
import io.paynotify.retention.RetentionVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One running node, wired in this one place: built once from its configuration, it owns its Vert.x
 * (clustered or not), pool, meters, tokens, stores, connection limits and faults, and deploys its
 * verticles from suppliers, each given the part of the configuration it uses. Starts as a flat chain
 * of named steps; a step that fails closes what the earlier ones opened.
 */
public final class Node {

  private final Faults faults;
  private final NodeLogName logName;
  private final MetricsSetup meters = new MetricsSetup();
  private final HazelcastClusterManager cluster;
  private final List<String> drainOrder = new ArrayList<>();
  private AppConfig config;
  private Vertx vertx;
  private String schemaVersion;
  private DevMode dev;
  private Pool pool;
  private NodeMetrics metrics;
  private ConnectionLimits limits;
  private NodeOps ops;
  private EventStore events;
  private PaymentQueries payments;
  private UserTokens tokens;
  private HttpEdge edge;
  private EdgeAssets assets;

  private Node(AppConfig config, Faults faults, boolean aloneInProcess) {
    this.config = config;
    this.faults = faults;
    this.cluster = config.cluster().enabled() ? ClusterSetup.clusterManager(config.cluster()) : null;
    this.logName = NodeLogName.install(NodeNames.of(config),
        cluster == null ? null : ClusterSetup.instanceName(config.cluster()), aloneInProcess);
  }

  /**
   * Starts a node. {@code faults}: {@link Faults#NONE} but in fault tests. {@code aloneInProcess}: the
   * node is the process's only one (its name goes on every thread's log lines, not only its own).
   */
  public static Future<Node> start(AppConfig config, Faults faults, boolean aloneInProcess) {
    Node node = new Node(config, faults, aloneInProcess);
    return node.startVertx()
        .compose(v -> node.migrate())
        .compose(v -> node.devMode())
        .compose(v -> node.wire())
        .compose(v -> node.startTokens())
        .compose(v -> node.loadEdge())
        .compose(v -> node.deploy(() -> new RelayVerticle(node.metrics::relayDropped, faults), 1, false))
        .compose(v -> node.deploy(() -> new RetentionVerticle(node.pool, node.config.retention()), 1, false))
        .compose(v -> node.deploy(() -> new PaymentVerticle(PaymentVerticle.Settings.of(node.config), node.pool,
            node.payments, node.metrics, faults), 1, true))
        .compose(v -> node.deploy(() -> node.edge.verticle(node.assets), node.config.httpInstances(), true))
        .map(node)
        .recover(node::abandon);
  }

  private Future<Void> startVertx() {
    return NodeVertx.build(config, meters, cluster).map(built -> {
      vertx = built;
      logName.attach(built);
      return null;
    });
  }

  /** The schema first, before anything uses the database (off the event loop: Flyway blocks). */
  private Future<Void> migrate() {
    return vertx.executeBlocking(() -> Migrations.migrate(DatabaseUrl.parse(config.databaseUrl())))
        .map(version -> {
          schemaVersion = version;
          return null;
        });
  }

  /** In development mode the node talks to the local Mercado Pago stand-in: its configuration says so. */
  private Future<Void> devMode() {
    return DevMode.start(vertx, config).map(started -> {
      dev = started;
      config = started.config();
      return null;
    });
  }

  /** The parts every verticle shares. */
  private Future<Void> wire() {
    LocalCodec.register(vertx.eventBus(), UserEvent.class);
    LocalCodec.register(vertx.eventBus(), WebhookRequest.class);
    pool = Database.pool(vertx, config, DatabaseUrl.parse(config.databaseUrl()));
    limits = new ConnectionLimits(config.limits().socketsPerUser(), config.limits().socketsPerNode());
    metrics = new NodeMetrics(meters.registry());
    metrics.gauge("paynotify.ws.open.sockets", "open WebSocket connections on this node", limits::open);
    ops = new NodeOps(vertx, pool, cluster, metrics, new InboxGauges(pool, metrics));
    events = new EventStore(pool, metrics);
    payments = new PaymentQueries(pool);
    if (cluster != null) {
      MembershipSignal.watch(cluster, vertx.eventBus());
    }
    return Future.succeededFuture();
  }

  private Future<Void> startTokens() {
    return UserTokens.start(vertx, config.jwt()).map(started -> {
      tokens = started;
      return null;
    });
  }

  private Future<Void> loadEdge() {
    edge = new HttpEdge(HttpEdge.Settings.of(config), events, payments, new CreditStore(pool), limits, ops, metrics,
        tokens, dev::mount);
    return EdgeAssets.load(vertx, events, config.tls()).map(loaded -> {
      assets = loaded;
      return null;
    });
  }

  /** {@code drained}: undeployed in start order by a graceful stop (before Vert.x closes the rest). */
  private Future<Void> deploy(Supplier<? extends Deployable> verticle, int instances, boolean drained) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances)).map(id -> {
      if (drained) {
        drainOrder.add(id);
      }
      return null;
    });
  }

  /**
   * A node that could not start: closes its Vert.x and fails at once. Not after the close: by then the
   * event loop that would report the failure is gone, and the caller would wait forever.
   */
  private Future<Node> abandon(Throwable cause) {
    logName.uninstall();
    if (vertx != null) {
      vertx.close();
    }
    return Future.failedFuture(cause);
  }

  public Vertx vertx() {
    return vertx;
  }

  public String name() {
    return logName.name();
  }

  /** This node's open socket counts. */
  public ConnectionLimits connectionLimits() {
    return limits;
  }

  /** The HTTP routes the node serves (every HTTP verticle serves the same ones). */
  public List<Route> routes() {
    return edge.routes(vertx, assets);
  }

  public String schemaVersion() {
    return schemaVersion;
  }

  /**
   * Graceful stop: refuses new upgrades and webhooks (503, not ready), lets in-flight payments finish
   * while the sockets still receive their events, then closes the sockets with 1001 and the HTTP
   * server (all bounded by {@code SHUTDOWN_DRAIN_SECONDS}), then closes the pool and leaves the cluster.
   */
  public Future<Void> close() {
    return GracefulShutdown.drain(vertx, ops, drainOrder, config.shutdownDrain())
        .eventually(vertx::close)
        .onComplete(ar -> logName.uninstall());
  }
}
