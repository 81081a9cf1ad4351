package io.paynotify.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.LongConsumer;

/**
 * An open loop: {@code rate} actions per second for {@code seconds}, each at its own scheduled time
 * whatever the answers to the earlier ones (a 1 ms timer sends every action that is due). The action
 * gets its scheduled time, so latencies count from when it should have gone, not when it went.
 */
final class PacedLoad {

  private PacedLoad() {
  }

  static Future<Integer> run(Vertx vertx, double rate, double seconds, LongConsumer action) {
    Promise<Integer> done = Promise.promise();
    long total = Math.round(rate * seconds);
    long start = System.nanoTime();
    long[] sent = {0};
    vertx.setPeriodic(1, id -> {
      long due = Math.min(total, (long) ((System.nanoTime() - start) * rate / 1e9));
      while (sent[0] < due) {
        action.accept(start + (long) (sent[0] * 1e9 / rate));
        sent[0]++;
      }
      if (sent[0] == total) {
        vertx.cancelTimer(id);
        done.complete((int) total);
      }
    });
    return done.future();
  }
}
