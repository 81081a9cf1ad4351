package io.paynotify.db;

import io.paynotify.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds the one PostgreSQL pool of a process. */
public final class Database {

  private Database() {
  }

  /** The pool, connecting with {@code options} ({@code DatabaseUrl.parse}, the ones migrations used). */
  public static Pool pool(Vertx vertx, AppConfig config, PgConnectOptions options) {
    PgConnectOptions connect = new PgConnectOptions(options)
        .setCachePreparedStatements(true)
        .setReconnectAttempts(0);
    PoolOptions pool = new PoolOptions()
        .setMaxSize(config.dbPoolSize())
        // every open socket may wait for one read (its READY / replay) at once: a reconnect storm of a
        // whole node's sockets must queue, not fail and come back as yet more reconnects
        .setMaxWaitQueueSize(config.limits().socketsPerNode() + 4 * config.dbPoolSize() + 256)
        .setConnectionTimeout(5)
        .setIdleTimeout(60)
        .setShared(false);
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }
}
