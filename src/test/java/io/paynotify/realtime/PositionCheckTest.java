package io.paynotify.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.notify.EventStore.RecentSeqs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PositionCheckTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  /** A socket that has sent up to {@code sent}. */
  static final class FakeSocket implements PositionCheck.Positioned {
    final String user;
    final long sent;
    final List<Long> caughtUpTo = new ArrayList<>();

    FakeSocket(String user, long sent) {
      this.user = user;
      this.sent = sent;
    }

    @Override
    public String userId() {
      return user;
    }

    @Override
    public boolean behind(long storedSeq) {
      if (storedSeq <= sent) {
        return false;
      }
      caughtUpTo.add(storedSeq);
      return true;
    }
  }

  /** The registry's user index as the check sees it; counts how often the whole of it is read. */
  static final class FakeSockets implements PositionCheck.Sockets {
    final Map<String, List<FakeSocket>> byUser = new LinkedHashMap<>();
    int wholeReads;

    FakeSockets with(FakeSocket... sockets) {
      Arrays.stream(sockets).forEach(s -> byUser.computeIfAbsent(s.user, k -> new ArrayList<>()).add(s));
      return this;
    }

    @Override
    public Collection<String> users() {
      wholeReads++;
      return byUser.keySet();
    }

    @Override
    public Collection<? extends PositionCheck.Positioned> of(String userId) {
      return List.copyOf(byUser.getOrDefault(userId, List.of()));
    }
  }

  private final FakeSockets sockets = new FakeSockets();
  /** accounts.last_seq, for the full check's batches. */
  private final Map<String, Long> stored = new HashMap<>();
  /** What the next recent query finds (newest seq by user). */
  private final Map<String, Long> recentRows = new HashMap<>();
  private final List<List<String>> batches = new ArrayList<>();
  /** The lower bound of each recent query, null for the full check's clock. */
  private final List<Instant> windows = new ArrayList<>();
  private final List<Integer> reportedQueries = new ArrayList<>();
  private Instant dbNow = T0;
  private boolean failNext;

  private Future<Map<String, Long>> lookup(List<String> users) {
    batches.add(List.copyOf(users));
    Map<String, Long> found = new HashMap<>();
    users.stream().filter(stored::containsKey).forEach(u -> found.put(u, stored.get(u)));
    return Future.succeededFuture(found);
  }

  /** Answers with the database's clock, which moves one interval per query. */
  private Future<RecentSeqs> recent(Instant from) {
    windows.add(from);
    if (failNext) {
      failNext = false;
      return Future.failedFuture("database down");
    }
    Instant now = dbNow;
    dbNow = dbNow.plus(INTERVAL);
    return Future.succeededFuture(new RecentSeqs(now, from == null ? Map.of() : Map.copyOf(recentRows)));
  }

  private PositionCheck check() {
    return new PositionCheck(sockets, this::lookup, this::recent, 2000, (n, q, b) -> reportedQueries.add(q));
  }

  @Test
  void theFirstCheckIsFullTakingTheDatabaseClockBeforeReadingEveryUsersPosition() {
    FakeSocket upToDate = new FakeSocket("a", 3);
    FakeSocket behindTab1 = new FakeSocket("b", 1);
    FakeSocket behindTab2 = new FakeSocket("b", 2);
    FakeSocket neverHadEvents = new FakeSocket("c", 0);
    sockets.with(upToDate, behindTab1, behindTab2, neverHadEvents);
    stored.put("a", 3L);
    stored.put("b", 2L);
    check().run();
    assertThat(windows).containsExactly((Instant) null);
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0)).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(upToDate.caughtUpTo).isEmpty();
    assertThat(behindTab1.caughtUpTo).containsExactly(2L);
    assertThat(behindTab2.caughtUpTo).isEmpty();
    assertThat(neverHadEvents.caughtUpTo).isEmpty();
    assertThat(reportedQueries).containsExactly(2);
  }

  @Test
  void aFullCheckReadsPositionsInBatchesOfDistinctUsersNeverOneQueryPerSocket() {
    List<FakeSocket> all = new ArrayList<>();
    IntStream.range(0, 4500).forEach(i -> all.addAll(List.of(new FakeSocket("u" + i, 0), new FakeSocket("u" + i, 0))));
    sockets.with(all.toArray(FakeSocket[]::new));
    stored.put("u4499", 1L);
    check().run();
    assertThat(batches).extracting(List::size).containsExactly(2000, 2000, 500);
    assertThat(batches.stream().flatMap(List::stream).distinct().count()).isEqualTo(4500);
    assertThat(all.stream().filter(s -> !s.caughtUpTo.isEmpty()).count()).isEqualTo(2);
    assertThat(reportedQueries).containsExactly(4);
  }

  @Test
  void aRecentCheckAsksOnlyFromThePreviousCheckDatabaseTimeMinusTheMarginInOneQuery() {
    sockets.with(new FakeSocket("a", 0));
    PositionCheck check = check();
    check.run();
    check.run();
    check.run();
    assertThat(windows).containsExactly(null, T0.minus(PositionCheck.MARGIN), T0.plus(INTERVAL).minus(PositionCheck.MARGIN));
    assertThat(batches).as("only the first, full check reads users' positions").hasSize(1);
    assertThat(reportedQueries).containsExactly(2, 1, 1);
  }

  @Test
  void aRecentCheckFindsTheBehindSocketsOfTheUsersItGotThroughTheUserIndexWithoutReadingEverySocket() {
    FakeSocket behind = new FakeSocket("b", 1);
    FakeSocket otherTabUpToDate = new FakeSocket("b", 2);
    FakeSocket idle = new FakeSocket("c", 0);
    sockets.with(behind, otherTabUpToDate, idle);
    PositionCheck check = check();
    check.run();
    int wholeReads = sockets.wholeReads;
    recentRows.put("b", 2L);
    recentRows.put("elsewhere", 9L);
    check.run();
    assertThat(behind.caughtUpTo).containsExactly(2L);
    assertThat(otherTabUpToDate.caughtUpTo).isEmpty();
    assertThat(idle.caughtUpTo).isEmpty();
    assertThat(sockets.wholeReads).as("the recent check never walks every socket").isEqualTo(wholeReads);
  }

  @Test
  void aFailedRecentCheckDoesNotMoveTheWindowAndTheNextOneAsksFromTheSameTime() {
    sockets.with(new FakeSocket("a", 0));
    PositionCheck check = check();
    check.run();
    failNext = true;
    check.run();
    check.run();
    assertThat(windows).containsExactly(null, T0.minus(PositionCheck.MARGIN), T0.minus(PositionCheck.MARGIN));
    assertThat(reportedQueries).containsExactly(2, 1);
  }

  @Test
  void aFailedFullCheckStaysDueAndTheNextRunRepairs() {
    FakeSocket socket = new FakeSocket("a", 0);
    sockets.with(socket);
    stored.put("a", 1L);
    PositionCheck check = check();
    failNext = true;
    check.run();
    check.run();
    assertThat(windows).containsExactly(null, null);
    assertThat(socket.caughtUpTo).containsExactly(1L);
  }

  @Test
  void aMembershipChangeMakesAFullCheck() {
    FakeSocket socket = new FakeSocket("a", 0);
    sockets.with(socket);
    PositionCheck check = check();
    check.run();
    check.run();
    stored.put("a", 4L);
    check.runFull();
    assertThat(windows).containsExactly(null, T0.minus(PositionCheck.MARGIN), null);
    assertThat(batches).hasSize(2);
    assertThat(socket.caughtUpTo).containsExactly(4L);
  }

  @Test
  void aFullCheckRunsAgainOnceFullEveryHasPassedOnTheDatabaseClock() {
    sockets.with(new FakeSocket("a", 0));
    PositionCheck check = check();
    List<Instant> fullAt = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      int before = batches.size();
      Instant at = dbNow;
      check.run();
      if (batches.size() > before) {
        fullAt.add(at);
      }
    }
    assertThat(fullAt).hasSize(3);
    for (int i = 1; i < fullAt.size(); i++) {
      Duration gap = Duration.between(fullAt.get(i - 1), fullAt.get(i));
      assertThat(gap).isBetween(PositionCheck.FULL_EVERY, PositionCheck.FULL_EVERY.plus(INTERVAL));
    }
  }

  @Test
  void aCheckAskedForWhileOneRunsRunsOnceMoreAfterItNotConcurrentlyAndAMembershipChangeMakesThatOneFull() {
    List<Promise<RecentSeqs>> pending = new ArrayList<>();
    FakeSocket socket = new FakeSocket("a", 0);
    sockets.with(socket);
    PositionCheck check = new PositionCheck(sockets, this::lookup, from -> {
      windows.add(from);
      Promise<RecentSeqs> p = Promise.promise();
      pending.add(p);
      return p.future();
    }, 2000, (n, q, b) -> { });
    check.run();
    pending.get(0).complete(new RecentSeqs(T0, Map.of()));
    check.run();
    check.run();
    check.runFull();
    assertThat(pending).as("one at a time").hasSize(2);
    pending.get(1).complete(new RecentSeqs(T0.plus(INTERVAL), Map.of()));
    assertThat(pending).as("exactly one more").hasSize(3);
    assertThat(windows).containsExactly(null, T0.minus(PositionCheck.MARGIN), null);
    stored.put("a", 4L);
    pending.get(2).complete(new RecentSeqs(T0.plus(INTERVAL.multipliedBy(2)), Map.of()));
    assertThat(pending).hasSize(3);
    assertThat(socket.caughtUpTo).containsExactly(4L);
  }
}
