package io.paynotify.support;

import io.vertx.core.Vertx;

/** What runs on a test class's {@link Services} hands them out as its own. */
public interface OnServices {

  Services services();

  default Vertx vertx() {
    return services().vertx();
  }

  default TestDatabase db() {
    return services().db();
  }

  default MercadoPagoDouble mp() {
    return services().mp();
  }

  default Http http() {
    return services().http();
  }
}
