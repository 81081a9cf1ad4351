package io.paynotify.payment;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Counts the payments being worked on, so that a graceful shutdown can wait for them. Confined to the
 * payment verticle's event loop, like the work it counts.
 */
final class InFlight {

  private int count;
  private Promise<Void> idle;

  /** Counts {@code work} until it completes, however it completes. */
  <T> Future<T> track(Future<T> work) {
    count++;
    return work.andThen(ar -> {
      if (--count == 0 && idle != null) {
        Promise<Void> done = idle;
        idle = null;
        done.complete();
      }
    });
  }

  /** Completes once nothing is in flight. */
  Future<Void> idle() {
    if (count == 0) {
      return Future.succeededFuture();
    }
    if (idle == null) {
      idle = Promise.promise();
    }
    return idle.future();
  }
}
