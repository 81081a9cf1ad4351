package io.paynotify.support;

import io.vertx.core.Vertx;

/**
 * What a test class's nodes run against: its own database and a Mercado Pago stand-in. For tests
 * whose nodes are clusters or separate processes; a single in-JVM node comes with {@link Fixture}.
 */
public final class Services implements AutoCloseable {

  public final TestDatabase db;
  public final MercadoPagoDouble mp;

  private Services(TestDatabase db, MercadoPagoDouble mp) {
    this.db = db;
    this.mp = mp;
  }

  /** Creates a database named after {@code name} and starts a stand-in. */
  public static Services start(Vertx vertx, String name) {
    TestDatabase db = TestDatabase.create(name);
    return new Services(db, MercadoPagoDouble.start(vertx));
  }

  @Override
  public void close() {
    mp.close().await();
    db.close();
  }
}
