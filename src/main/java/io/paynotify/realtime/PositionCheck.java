package io.paynotify.realtime;

import io.paynotify.notify.EventStore.RecentSeqs;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backstop of the live path: the event bus is the fast path, and an event it lost (the node that
 * stored it died before publishing, a message between nodes was dropped) still reaches every open
 * socket. A socket that has sent less than the store holds catches up from the store.
 *
 * <p>Most runs are <em>recent</em> checks: one query for the users whose events were stored since the
 * previous successful run (minus {@link #MARGIN}), whatever the number of sockets, so an idle loop pays
 * one tiny query per interval. A <em>full</em> check reads the stored position of every user connected
 * here, in batches of {@link #BATCH} one after the other (the loop never handles more than one batch's
 * answer at a time): at the first run, after every cluster membership change, and every
 * {@link #FULL_EVERY}, for what a window cannot see (a transaction slower than the margin). Windows
 * follow the database's clock only. Confined to the event loop of its registry.
 */
final class PositionCheck {

  /** A socket as the check sees it. */
  interface Positioned {
    String userId();

    /** The store holds {@code storedSeq}: catch up if behind; returns whether it was behind. */
    boolean behind(long storedSeq);
  }

  /** The sockets of this loop by user, kept as they open and close (nothing rebuilt per run). */
  interface Sockets {
    /** The users with a socket here (a live view: read it at once, on this loop). */
    Collection<String> users();

    /** The sockets of {@code userId} here, empty when none: a copy (a socket may close while the check walks them). */
    Collection<? extends Positioned> of(String userId);
  }

  /** Where a finished check reports: its time, its queries, the sockets it found behind. */
  interface Report {
    void checked(long nanos, int queries, int behind);
  }

  static final int BATCH = 2000;
  /**
   * {@code created_at} is the storing transaction's start: an event whose transaction committed within
   * this margin of its start is seen by the first recent check after its commit.
   */
  static final Duration MARGIN = Duration.ofSeconds(10);
  static final Duration FULL_EVERY = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(PositionCheck.class);

  private final Sockets sockets;
  private final Function<List<String>, Future<Map<String, Long>>> positions;
  private final Function<Instant, Future<RecentSeqs>> recentSeqs;
  private final int batch;
  private final Report report;
  /** The database's clock at the last successful check (the next window starts {@link #MARGIN} before it). */
  private Instant checkedAt;
  private Instant fullAt;
  private boolean fullDue = true;
  private boolean running;
  private boolean again;

  private record Outcome(Instant now, int queries, int behind) { }

  /**
   * {@code positions} answers the stored last seq of each given user that has one; {@code recentSeqs}
   * the database's clock and the newest seq of each user with an event created since a time (the clock
   * alone for null).
   */
  PositionCheck(Sockets sockets, Function<List<String>, Future<Map<String, Long>>> positions,
                Function<Instant, Future<RecentSeqs>> recentSeqs, int batch, Report report) {
    this.sockets = sockets;
    this.positions = positions;
    this.recentSeqs = recentSeqs;
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
    boolean full = fullDue || checkedAt == null || !checkedAt.isBefore(fullAt.plus(FULL_EVERY));
    fullDue = false;
    long started = System.nanoTime();
    (full ? full() : recent()).onComplete(ar -> finished(full, started, ar));
  }

  /** Starts a full check (or makes the next one full): a node that left may have stored events older than any window. */
  void runFull() {
    fullDue = true;
    run();
  }

  private void finished(boolean full, long started, AsyncResult<Outcome> ar) {
    running = false;
    if (ar.succeeded()) {
      checkedAt = ar.result().now();
      fullAt = full ? checkedAt : fullAt;
      report.checked(System.nanoTime() - started, ar.result().queries(), ar.result().behind());
    } else {
      // the window stays where it was and a full check stays due: the next run covers this one
      fullDue |= full;
      LOG.debug("position check failed: {}", ar.cause().toString());
    }
    if (again) {
      run();
    }
  }

  private Future<Outcome> recent() {
    return recentSeqs.apply(checkedAt.minus(MARGIN))
        .map(recent -> new Outcome(recent.now(), 1, catchUp(recent.lastSeqs())));
  }

  /** The clock first: what commits after it is in the next window, what committed before is in the batches. */
  private Future<Outcome> full() {
    return recentSeqs.apply(null).compose(clock -> {
      List<String> users = new ArrayList<>(sockets.users());
      return batches(users, 0, 0).map(behind -> new Outcome(clock.now(), 1 + (users.size() + batch - 1) / batch, behind));
    });
  }

  /** Checks the batch starting at {@code from}, then the next; completes with the sockets found behind. */
  private Future<Integer> batches(List<String> users, int from, int behind) {
    if (from >= users.size()) {
      return Future.succeededFuture(behind);
    }
    List<String> slice = users.subList(from, Math.min(from + batch, users.size()));
    return positions.apply(slice).compose(stored -> batches(users, from + batch, behind + catchUp(stored)));
  }

  /** Tells each local socket of these users what the store holds; returns how many were behind. */
  private int catchUp(Map<String, Long> stored) {
    int behind = 0;
    for (Map.Entry<String, Long> position : stored.entrySet()) {
      for (Positioned socket : sockets.of(position.getKey())) {
        behind += socket.behind(position.getValue()) ? 1 : 0;
      }
    }
    return behind;
  }
}
