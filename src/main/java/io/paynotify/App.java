package io.paynotify;

import io.paynotify.auth.UserTokens;
import io.paynotify.config.AppConfig;
import io.paynotify.config.DatabaseUrl;
import io.paynotify.credits.CreditStore;
import io.paynotify.db.Database;
import io.paynotify.db.Migrations;
import io.paynotify.dev.DevMode;
import io.paynotify.http.HttpVerticle;
import io.paynotify.logging.NodeField;
import io.paynotify.http.ServerCertificate;
import io.paynotify.metrics.InboxGauges;
import io.paynotify.metrics.MetricsSetup;
import io.paynotify.metrics.NodeMetrics;
import io.paynotify.notify.MembershipSignal;
import io.paynotify.notify.EventStore;
import io.paynotify.notify.LocalCodec;
import io.paynotify.notify.UserEvent;
import io.paynotify.notify.RelayVerticle;
import io.paynotify.ops.GracefulShutdown;
import io.paynotify.ops.NodeOps;
import io.paynotify.payment.PaymentQueries;
import io.paynotify.payment.PaymentVerticle;
import io.paynotify.payment.WebhookRequest;
import io.paynotify.realtime.ConnectionLimits;
import io.paynotify.retention.RetentionVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.Consumer;

/** One running node: its Vert.x (clustered or not), its pool and its verticles. */
public final class App {

  private final Vertx vertx;
  private final AppConfig config;
  private final String schemaVersion;
  private final NodeOps ops;
  private final List<String> drainOrder;
  private final ConnectionLimits limits;
  private final List<HttpVerticle> edges;

  private App(Vertx vertx, AppConfig config, String schemaVersion, NodeOps ops, List<String> drainOrder,
              ConnectionLimits limits, List<HttpVerticle> edges) {
    this.edges = edges;
    this.vertx = vertx;
    this.config = config;
    this.schemaVersion = schemaVersion;
    this.ops = ops;
    this.drainOrder = drainOrder;
    this.limits = limits;
  }

  /** Builds Vert.x, migrates the schema (off the event loop), then deploys the verticles. */
  public static Future<App> start(AppConfig config) {
    NodeField.set(nodeName(config));
    MetricsSetup metrics = new MetricsSetup();
    HazelcastClusterManager cluster = config.cluster().enabled() ? ClusterSetup.clusterManager(config.cluster()) : null;
    PgConnectOptions database = DatabaseUrl.parse(config.databaseUrl());
    return vertx(config, metrics, cluster).compose(vertx -> vertx.executeBlocking(() -> Migrations.migrate(database))
        .compose(version -> DevMode.start(vertx, config)
            .compose(dev -> deploy(vertx, new Node(dev.config(), version, dev, metrics, cluster, database))))
        .recover(e -> abandon(vertx, e)));
  }

  /** The node's name in every log line: its cluster address, else host name and HTTP port. */
  private static String nodeName(AppConfig config) {
    if (config.cluster().enabled()) {
      return config.cluster().host() + ":" + config.cluster().port();
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName() + ":" + config.httpPort();
    } catch (java.net.UnknownHostException e) {
      return "localhost:" + config.httpPort();
    }
  }

  /**
   * A node that could not start: closes its Vert.x and fails at once. Not after the close: by then the
   * event loop that would report the failure is gone, and the caller would wait forever.
   */
  private static Future<App> abandon(Vertx vertx, Throwable cause) {
    vertx.close();
    return Future.failedFuture(cause);
  }

  /** What a node is built from once Vert.x runs. */
  private record Node(AppConfig config, String schemaVersion, DevMode dev, MetricsSetup metrics,
                      HazelcastClusterManager cluster, PgConnectOptions database) { }

  private static Future<Vertx> vertx(AppConfig config, MetricsSetup metrics, HazelcastClusterManager cluster) {
    VertxOptions options = metrics.enable(new VertxOptions());
    if (cluster == null) {
      return Future.succeededFuture(metrics.apply(Vertx.builder().with(options)).build());
    }
    ClusterSetup.warnIfOpen(config);
    options.setEventBusOptions(ClusterSetup.eventBusOptions(config.cluster()));
    return metrics.apply(Vertx.builder().with(options)).withClusterManager(cluster).buildClustered();
  }

  private static Future<App> deploy(Vertx vertx, Node node) {
    AppConfig config = node.config();
    LocalCodec.register(vertx.eventBus(), UserEvent.class);
    LocalCodec.register(vertx.eventBus(), WebhookRequest.class);
    Pool pool = Database.pool(vertx, config, node.database());
    ConnectionLimits limits = new ConnectionLimits(config.limits().socketsPerUser(), config.limits().socketsPerNode());
    NodeMetrics metrics = new NodeMetrics(node.metrics().registry());
    metrics.gauge("paynotify.ws.open.sockets", "open WebSocket connections on this node", limits::open);
    NodeOps ops = new NodeOps(vertx, pool, node.cluster(), metrics, new InboxGauges(pool, metrics));
    EventStore events = new EventStore(pool, metrics);
    PaymentQueries payments = new PaymentQueries(pool);
    CreditStore credits = new CreditStore(pool);
    Consumer<Router> devRoutes = node.dev()::mount;
    Future<UserTokens> tokens = UserTokens.start(vertx, config.jwt());
    List<HttpVerticle> edges = new CopyOnWriteArrayList<>();
    if (node.cluster() != null) {
      MembershipSignal.watch(node.cluster(), vertx.eventBus());
    }
    return tokens.compose(t -> vertx.deployVerticle(new RelayVerticle(metrics::relayDropped)))
        .compose(relay -> vertx.deployVerticle(new RetentionVerticle(pool, config.retention())))
        .compose(retention -> vertx.deployVerticle(new PaymentVerticle(config, pool, payments, metrics)))
        .compose(payment -> certificate(vertx, config)
            .compose(tls -> vertx.deployVerticle(edge(edges, () -> new HttpVerticle(config, events, payments, limits, ops,
                metrics, devRoutes, tokens.result(), tls, credits)), new DeploymentOptions().setInstances(config.httpInstances())))
            .map(http -> new App(vertx, config, node.schemaVersion(), ops, List.of(payment, http), limits, edges)));
  }

  /** Makes HTTP verticles with {@code make} and keeps them (their routes are the node's routes). */
  private static Supplier<HttpVerticle> edge(List<HttpVerticle> edges, Supplier<HttpVerticle> make) {
    return () -> {
      HttpVerticle verticle = make.get();
      edges.add(verticle);
      return verticle;
    };
  }

  /** The HTTP port's certificate (read now, then watched for rotation); empty when TLS is off. */
  private static Future<Optional<ServerCertificate>> certificate(Vertx vertx, AppConfig config) {
    return config.tls().map(files -> ServerCertificate.load(vertx, files).map(Optional::of))
        .orElseGet(() -> Future.succeededFuture(Optional.empty()));
  }

  public Vertx vertx() {
    return vertx;
  }

  /** This node's open socket counts. */
  public ConnectionLimits connectionLimits() {
    return limits;
  }

  /** The HTTP routes the node serves (every HTTP verticle serves the same ones). */
  public List<Route> routes() {
    return edges.get(0).routes();
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
        .eventually(vertx::close);
  }
}
