package io.paynotify.realtime;

import io.paynotify.notify.EventStore;
import io.paynotify.notify.EventStore.ResumeKey;
import io.paynotify.notify.EventStore.ResumePoint;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The resume-point reads ({@code lastSeq}, and with {@code since} whether nothing was lost) of the
 * upgrades of one event loop, batched: one query at a time, for every read asked for within a
 * millisecond or while the previous query ran. A connect burst or a reconnect storm then costs a few
 * round trips, not one per socket (and at most one pooled connection per event loop), and the
 * batches grow with the load. Confined to its verticle's context.
 */
final class ResumeReads {

  private static final ResumePoint NOTHING_STORED = new ResumePoint(0, true);

  private final Vertx vertx;
  private final EventStore store;
  private Map<ResumeKey, List<Promise<ResumePoint>>> batch = new HashMap<>();
  private boolean flushScheduled;
  private boolean reading;

  ResumeReads(Vertx vertx, EventStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** The user's resume point after {@code since} (null: a fresh start), read with the others asked for meanwhile. */
  Future<ResumePoint> resumePoint(String userId, Long since) {
    Promise<ResumePoint> read = Promise.promise();
    batch.computeIfAbsent(new ResumeKey(userId, since), key -> new ArrayList<>(1)).add(read);
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
    Map<ResumeKey, List<Promise<ResumePoint>>> reads = batch;
    batch = new HashMap<>();
    reading = true;
    store.resumePoints(List.copyOf(reads.keySet())).onComplete(ar -> {
      reading = false;
      reads.forEach((key, promises) -> promises.forEach(read -> answer(read, key, ar)));
      flush();
    });
  }

  private static void answer(Promise<ResumePoint> read, ResumeKey key, AsyncResult<Map<ResumeKey, ResumePoint>> ar) {
    if (ar.succeeded()) {
      read.complete(ar.result().getOrDefault(key, NOTHING_STORED));
    } else {
      read.fail(ar.cause());
    }
  }
}
