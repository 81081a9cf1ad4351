package io.paynotify;

import io.paynotify.config.AppConfig;
import io.paynotify.db.Database;
import io.paynotify.db.Migrations;
import io.paynotify.dev.DevMode;
import io.paynotify.http.HttpVerticle;
import io.paynotify.notify.RelayVerticle;
import io.paynotify.payment.PaymentVerticle;
import io.paynotify.realtime.ConnectionLimits;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.function.Consumer;

/** One running node: its Vert.x (clustered or not), its pool and its verticles. */
public final class App {

  private final Vertx vertx;
  private final Pool pool;
  private final String schemaVersion;
  private final DevMode dev;
  private final ConnectionLimits limits;

  private App(Vertx vertx, Pool pool, String schemaVersion, DevMode dev, ConnectionLimits limits) {
    this.vertx = vertx;
    this.pool = pool;
    this.schemaVersion = schemaVersion;
    this.dev = dev;
    this.limits = limits;
  }

  /** Builds Vert.x, migrates the schema (off the event loop), then deploys the verticles. */
  public static Future<App> start(AppConfig config) {
    return vertx(config).compose(vertx -> vertx.executeBlocking(() -> Migrations.migrate(config.databaseUrl()))
        .compose(version -> DevMode.start(vertx, config).compose(dev -> deploy(vertx, dev.config(), version, dev)))
        .recover(e -> vertx.close().transform(ar -> Future.failedFuture(e))));
  }

  private static Future<Vertx> vertx(AppConfig config) {
    VertxOptions options = new VertxOptions();
    if (!config.cluster().enabled()) {
      return Future.succeededFuture(Vertx.builder().with(options).build());
    }
    options.setEventBusOptions(new EventBusOptions().setHost(config.cluster().host()).setPort(0)
        .setClusterPublicHost(config.cluster().host()));
    return Vertx.builder().with(options).withClusterManager(ClusterSetup.clusterManager(config.cluster()))
        .buildClustered();
  }

  private static Future<App> deploy(Vertx vertx, AppConfig config, String schemaVersion, DevMode dev) {
    RelayVerticle.registerCodec(vertx.eventBus());
    Pool pool = Database.pool(vertx, config);
    ConnectionLimits limits = new ConnectionLimits(config.limits().socketsPerUser(), config.limits().socketsPerNode());
    Consumer<Router> devRoutes = dev::mount;
    return vertx.deployVerticle(new RelayVerticle())
        .compose(id -> vertx.deployVerticle(new PaymentVerticle(config, pool)))
        .compose(id -> vertx.deployVerticle(() -> new HttpVerticle(config, pool, limits, devRoutes),
            new DeploymentOptions().setInstances(config.httpInstances())))
        .map(id -> new App(vertx, pool, schemaVersion, dev, limits));
  }

  public Vertx vertx() {
    return vertx;
  }

  /** This node's socket counts and the slow-consumer close counter (for metrics). */
  public ConnectionLimits connectionLimits() {
    return limits;
  }

  public String schemaVersion() {
    return schemaVersion;
  }

  /** Undeploys everything (sockets get 1001), closes the pool and leaves the cluster. */
  public Future<Void> close() {
    return vertx.close();
  }
}
