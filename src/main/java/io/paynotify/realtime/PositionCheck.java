package io.paynotify.realtime;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backstop of the live path: the event bus is the fast path, and an event it
 * lost (the node that stored it died before publishing, a message between nodes was dropped) still
 * reaches every open socket. Each run reads the stored positions of the users connected to one
 * event loop in batches ({@link #BATCH} users per query, one batch after the other so that the loop
 * never handles more than one batch's answer at a time) and makes every socket that has sent less
 * than the store holds catch up from the store. Run every {@code WS_POSITION_CHECK_SECONDS} and after
 * every cluster membership change. Confined to the event loop of its registry.
 */
final class PositionCheck {

  /** A socket as the check sees it. */
  interface Positioned {
    String userId();

    /** The store holds {@code storedSeq}: catch up if behind; returns whether it was behind. */
    boolean behind(long storedSeq);
  }

  /** Where a finished check reports: its time, its queries, the sockets it found behind. */
  interface Report {
    void checked(long nanos, int queries, int behind);
  }

  static final int BATCH = 2000;
  private static final Logger LOG = LoggerFactory.getLogger(PositionCheck.class);

  private final Supplier<? extends Collection<? extends Positioned>> sockets;
  private final Function<List<String>, Future<Map<String, Long>>> positions;
  private final int batch;
  private final Report report;
  private boolean running;
  private boolean again;

  /** {@code positions} answers the stored last seq of each given user that has one. */
  PositionCheck(Supplier<? extends Collection<? extends Positioned>> sockets,
                Function<List<String>, Future<Map<String, Long>>> positions, int batch, Report report) {
    this.sockets = sockets;
    this.positions = positions;
    this.batch = batch;
    this.report = report;
  }

  /** Starts a check; one already running is followed by exactly one more (it may have read too early). */
  void run() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    Map<String, List<Positioned>> byUser = byUser();
    List<String> users = new ArrayList<>(byUser.keySet());
    long started = System.nanoTime();
    check(byUser, users, 0, 0).onComplete(ar -> {
      running = false;
      if (ar.succeeded()) {
        report.checked(System.nanoTime() - started, (users.size() + batch - 1) / batch, ar.result());
      } else {
        LOG.debug("position check failed: {}", ar.cause().toString());
      }
      if (again) {
        run();
      }
    });
  }

  private Map<String, List<Positioned>> byUser() {
    Map<String, List<Positioned>> byUser = new HashMap<>();
    for (Positioned socket : sockets.get()) {
      byUser.computeIfAbsent(socket.userId(), k -> new ArrayList<>(1)).add(socket);
    }
    return byUser;
  }

  /** Checks the batch starting at {@code from}, then the next; completes with the sockets found behind. */
  private Future<Integer> check(Map<String, List<Positioned>> byUser, List<String> users, int from, int behind) {
    if (from >= users.size()) {
      return Future.succeededFuture(behind);
    }
    List<String> slice = users.subList(from, Math.min(from + batch, users.size()));
    return positions.apply(slice).compose(stored -> {
      int found = behind;
      for (Map.Entry<String, Long> position : stored.entrySet()) {
        for (Positioned socket : byUser.getOrDefault(position.getKey(), List.of())) {
          found += socket.behind(position.getValue()) ? 1 : 0;
        }
      }
      return check(byUser, users, from + batch, found);
    });
  }
}
