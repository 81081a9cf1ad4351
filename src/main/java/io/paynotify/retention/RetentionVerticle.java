package io.paynotify.retention;

import io.paynotify.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/** Runs {@link Retention} every {@code RETENTION_INTERVAL_SECONDS} on this node (every node runs it; they don't collide). */
public final class RetentionVerticle extends VerticleBase {

  private final Pool pool;
  private final AppConfig.Retention config;
  private long timer;

  public RetentionVerticle(Pool pool, AppConfig.Retention config) {
    this.pool = pool;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Retention retention = new Retention(vertx, pool, config.days());
    timer = vertx.setPeriodic(config.interval().toMillis(), id -> retention.run());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
