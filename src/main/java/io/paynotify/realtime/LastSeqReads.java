package io.paynotify.realtime;

import io.paynotify.notify.EventStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code lastSeq} reads of the upgrades of one event loop, batched: one query at a time, for every
 * read asked for within a millisecond or while the previous query ran. A connect burst or a reconnect
 * storm then costs a few round trips, not one per socket (and one pooled connection per event loop
 * at most), and the batches grow with the load. Confined to its verticle's context.
 */
final class LastSeqReads {

  private final Vertx vertx;
  private final EventStore store;
  private Map<String, List<Promise<Long>>> batch = new HashMap<>();
  private boolean flushScheduled;
  private boolean reading;

  LastSeqReads(Vertx vertx, EventStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** The newest seq stored for the user (0 when none), read with the others asked for meanwhile. */
  Future<Long> lastSeq(String userId) {
    Promise<Long> read = Promise.promise();
    batch.computeIfAbsent(userId, id -> new ArrayList<>(1)).add(read);
    if (!flushScheduled && !reading) {
      flushScheduled = true;
      vertx.setTimer(1, id -> {
        flushScheduled = false;
        flush();
      });
    }
    return read.future();
  }

  private void flush() {
    if (batch.isEmpty() || reading) {
      return;
    }
    Map<String, List<Promise<Long>>> reads = batch;
    batch = new HashMap<>();
    reading = true;
    store.lastSeqs(List.copyOf(reads.keySet())).onComplete(ar -> {
      reading = false;
      reads.forEach((userId, promises) -> promises.forEach(read -> answer(read, userId, ar)));
      flush();
    });
  }

  private static void answer(Promise<Long> read, String userId, AsyncResult<Map<String, Long>> ar) {
    if (ar.succeeded()) {
      read.complete(ar.result().getOrDefault(userId, 0L));
    } else {
      read.fail(ar.cause());
    }
  }
}
