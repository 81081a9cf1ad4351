package io.paynotify.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PositionCheckTest {

  /** A socket that has sent up to {@code sent}. */
  static final class FakeSocket implements PositionCheck.Positioned {
    final String user;
    long sent;
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

  private final Map<String, Long> store = new HashMap<>();
  private final List<List<String>> queries = new ArrayList<>();

  private Future<Map<String, Long>> lookup(List<String> users) {
    queries.add(List.copyOf(users));
    Map<String, Long> found = new HashMap<>();
    users.forEach(u -> {
      if (store.containsKey(u)) {
        found.put(u, store.get(u));
      }
    });
    return Future.succeededFuture(found);
  }

  @Test
  void onlySocketsBehindTheStoreCatchUpAndEverySocketOfThatUserIsChecked() {
    FakeSocket upToDate = new FakeSocket("a", 3);
    FakeSocket behindTab1 = new FakeSocket("b", 1);
    FakeSocket behindTab2 = new FakeSocket("b", 2);
    FakeSocket neverHadEvents = new FakeSocket("c", 0);
    store.put("a", 3L);
    store.put("b", 2L);
    new PositionCheck(() -> List.of(upToDate, behindTab1, behindTab2, neverHadEvents), this::lookup, 2000, (n, q, b) -> { }).run();
    assertThat(upToDate.caughtUpTo).isEmpty();
    assertThat(behindTab1.caughtUpTo).containsExactly(2L);
    assertThat(behindTab2.caughtUpTo).isEmpty();
    assertThat(neverHadEvents.caughtUpTo).isEmpty();
    assertThat(queries).hasSize(1);
    assertThat(queries.get(0)).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void readsPositionsInBatchesOfDistinctUsersNeverOneQueryPerSocket() {
    List<FakeSocket> sockets = new ArrayList<>();
    IntStream.range(0, 4500).forEach(i -> {
      sockets.add(new FakeSocket("u" + i, 0));
      sockets.add(new FakeSocket("u" + i, 0));
    });
    store.put("u4499", 1L);
    new PositionCheck(() -> sockets, this::lookup, 2000, (n, q, b) -> { }).run();
    assertThat(queries).extracting(List::size).containsExactly(2000, 2000, 500);
    assertThat(queries.stream().flatMap(List::stream).distinct().count()).isEqualTo(4500);
    assertThat(sockets.stream().filter(s -> !s.caughtUpTo.isEmpty()).count()).isEqualTo(2);
  }

  @Test
  void aCheckAskedForWhileOneRunsRunsOnceMoreAfterItNotConcurrently() {
    List<Promise<Map<String, Long>>> pending = new ArrayList<>();
    FakeSocket socket = new FakeSocket("a", 0);
    PositionCheck check = new PositionCheck(() -> List.of(socket), users -> {
      Promise<Map<String, Long>> p = Promise.promise();
      pending.add(p);
      return p.future();
    }, 2000, (n, q, b) -> { });
    check.run();
    check.run();
    check.run();
    assertThat(pending).hasSize(1);
    pending.get(0).complete(Map.of());
    assertThat(pending).hasSize(2);
    pending.get(1).complete(Map.of("a", 4L));
    assertThat(pending).hasSize(2);
    assertThat(socket.caughtUpTo).containsExactly(4L);
  }

  @Test
  void aFailedQueryEndsTheCheckAndTheNextOneRunsAgain() {
    List<Integer> calls = new ArrayList<>();
    FakeSocket socket = new FakeSocket("a", 0);
    PositionCheck check = new PositionCheck(() -> List.of(socket), users -> {
      calls.add(1);
      return calls.size() == 1 ? Future.failedFuture("database down") : Future.succeededFuture(Map.of("a", 1L));
    }, 2000, (n, q, b) -> { });
    check.run();
    check.run();
    assertThat(calls).hasSize(2);
    assertThat(socket.caughtUpTo).containsExactly(1L);
  }
}
