package io.paynotify.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.notify.UserEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The merge of replay and live events on one socket, against a fake outbound queue and a fake event
 * log whose reads the test answers when it wants (so live events can arrive while a read is open).
 */
class EventStreamTest {

  private static final String USER = "u1";

  private final FakeLog log = new FakeLog();
  private final FakeOutbound out = new FakeOutbound();
  private final FakeSession session = new FakeSession();
  private final List<Integer> unconfirmed = new ArrayList<>();
  private final EventStream stream = new EventStream(out, USER, new EventStream.Shared(log, () -> { }, unconfirmed::add), session);

  @Test
  void sendsNoEventTwiceWhenLiveEventsOverlapTheReplay() {
    log.store(1, 5);
    stream.ready(5, 0L, "e1", true);
    log.store(6, 6);
    stream.onLive(event(4));
    stream.onLive(event(6));
    stream.onLive(event(5));
    log.answerAll();
    stream.onLive(event(6));
    stream.onLive(event(2));

    assertThat(out.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(session.closedWith).isNull();
  }

  @Test
  void thePositionCheckCatchesUpFromTheStoreWhatTheFastPathLostAndLateCopiesAreDropped() {
    log.store(1, 2);
    stream.ready(2, null, "e1", true);
    log.answerAll();
    log.store(3, 4); // stored, but their live messages were lost

    assertThat(stream.behind(4)).isTrue();
    log.answerAll();
    stream.onLive(event(3));
    stream.onLive(event(4));

    assertThat(out.seqs()).containsExactly(3L, 4L);
    assertThat(log.reads).as("one read, by the position check").containsExactly(2L);
  }

  @Test
  void thePositionCheckReadsNothingForASocketThatIsUpToDateOrAlreadyCatchingUp() {
    log.store(1, 2);
    stream.ready(2, 0L, "e1", true);
    assertThat(stream.behind(2)).as("the replay is still being read").isFalse();
    log.answerAll();

    assertThat(stream.behind(2)).isFalse();
    assertThat(stream.behind(1)).isFalse();
    assertThat(log.reads).containsExactly(0L);
    assertThat(out.seqs()).containsExactly(1L, 2L);
  }

  @Test
  void whatThePositionCheckFindsWhileAReplayIsUnderWayIsReadOnceTheReplayEnds() {
    log.store(1, 4);
    out.capacity = 3; // READY and two events
    stream.ready(4, 0L, "e1", true);
    log.answerAll(); // the replay's read, before 5 was stored
    log.store(5, 5); // stored, its live message lost; a recent check offers it only a few times

    assertThat(stream.behind(5)).as("already catching up").isFalse();
    out.drain();
    log.answerAll();

    assertThat(out.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(log.reads).containsExactly(0L, 4L);
  }

  @Test
  void whatThePositionCheckFindsBeforeReadyIsReadAfterIt() {
    log.store(1, 3); // 3 committed after READY's lastSeq (2) was read, its live message lost

    assertThat(stream.behind(3)).isFalse();
    stream.ready(2, null, "e1", true);
    log.answerAll();

    assertThat(out.seqs()).containsExactly(3L);
    assertThat(log.reads).containsExactly(2L);
  }

  @Test
  void skipsNoEventAcrossReplayPages() {
    log.store(1, 1203);
    stream.ready(1203, 0L, "e1", true);
    log.answerAll();

    assertThat(out.seqs()).containsExactlyElementsOf(LongStream.rangeClosed(1, 1203).boxed().toList());
    assertThat(log.reads).containsExactly(0L, 500L, 1000L);
  }

  @Test
  void rereadsTheStoreWhenALiveEventLeavesAGap() {
    log.store(1, 2);
    stream.ready(2, null, "e1", true);
    log.answerAll();
    log.store(3, 4);
    stream.onLive(event(4)); // 3 is still on its way from another node

    assertThat(out.seqs()).as("4 is held until 3 is read").isEmpty();
    log.answerAll();
    stream.onLive(event(3));

    assertThat(out.seqs()).containsExactly(3L, 4L);
    assertThat(log.reads).as("one read, for the gap").containsExactly(2L);
  }

  @Test
  void rereadsTheStoreWhenAHeldEventLeavesAGapAfterTheReplay() {
    log.store(1, 3);
    stream.ready(3, 0L, "e1", true);
    stream.onLive(event(5));
    log.answerNext();
    log.store(4, 5); // 4 and 5 committed after the replay was read; 4's live message is still on its way

    assertThat(out.seqs()).as("5 is held until 4 is read").containsExactly(1L, 2L, 3L);
    log.answerAll();

    assertThat(out.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(log.reads).containsExactly(0L, 3L);
  }

  @Test
  void aForgedSeqFarAheadShowsNothingAndHidesNoLaterRealEvent() {
    log.store(1, 2);
    stream.ready(2, null, "e1", true);
    stream.onLive(forged(1000)); // a member of the cluster that is no paynotify node
    log.answerAll();

    assertThat(out.seqs()).as("the store, read after it arrived, does not hold it").isEmpty();
    assertThat(unconfirmed).containsExactly(1);
    log.store(3, 4);
    stream.onLive(event(3));
    stream.onLive(event(4));

    assertThat(out.seqs()).as("the real events after it still arrive").containsExactly(3L, 4L);
    assertThat(log.reads).containsExactly(2L);
    assertThat(session.closedWith).isNull();
  }

  @Test
  void anEventThatSkipsAheadIsSentAsTheStoreHoldsItNotAsItCame() {
    log.store(1, 4);
    stream.ready(2, null, "e1", true);
    stream.onLive(forged(4)); // 3 and 4 are stored; this copy of 4 says something else

    log.answerAll();

    assertThat(out.seqs()).containsExactly(3L, 4L);
    assertThat(new JsonObject(out.frames.get(2)).getJsonObject("data")).isEqualTo(event(4).data());
  }

  @Test
  void aForgedSeqHeldDuringAReplayIsDroppedOnceAReadAfterItFindsNothing() {
    log.store(1, 3);
    stream.ready(3, 0L, "e1", true);
    stream.onLive(forged(90)); // arrives while the replay's read is open: that read may predate it

    log.answerAll();

    assertThat(out.seqs()).containsExactly(1L, 2L, 3L);
    assertThat(log.reads).as("a second read, begun after it arrived").containsExactly(0L, 3L);
    assertThat(unconfirmed).containsExactly(1);
  }

  @Test
  void sendsHeldEventsInSeqOrderAfterTheReplay() {
    log.store(1, 3);
    stream.ready(3, 0L, "e1", true);
    stream.onLive(event(6));
    stream.onLive(event(4));
    stream.onLive(event(5));
    log.answerAll();

    assertThat(out.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void aReplayWaitsForTheQueueToDrain() {
    log.store(1, 5);
    out.capacity = 3; // READY and two events
    stream.ready(5, 0L, "e1", true);
    log.answerAll();

    assertThat(out.seqs()).containsExactly(1L, 2L);
    out.drain();

    assertThat(out.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(session.closedWith).as("a replay is no slow reader's fault").isNull();
  }

  @Test
  void liveEventsHeldDuringAReplayThatFilledTheQueueWaitForTheDrain() {
    log.store(1, 3);
    out.capacity = 4; // READY and the three replayed events
    stream.ready(3, 0L, "e1", true);
    stream.onLive(event(4));
    log.answerAll();

    assertThat(out.seqs()).containsExactly(1L, 2L, 3L);
    assertThat(session.closedWith).as("the held event waits, it does not find the queue full").isNull();
    out.drain();

    assertThat(out.seqs()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(session.closedWith).isNull();
  }

  @Test
  void closesWith4008WhenTooManyLiveEventsAreHeld() {
    log.store(1, 1);
    stream.ready(1, 0L, "e1", true); // the replay's read is not answered: live events are held meanwhile
    for (long seq = 2; seq <= 1001; seq++) {
      stream.onLive(event(seq));
    }
    assertThat(session.closedWith).as("1000 held events are allowed").isNull();

    stream.onLive(event(1002));

    assertThat(session.closedWith).isEqualTo(CloseCode.SLOW_CONSUMER);
    assertThat(out.seqs()).isEmpty();
  }

  @Test
  void closesWith4008WhenTheQueueIsFullForALiveEvent() {
    stream.ready(0, 0L, "e1", true);
    log.answerAll();
    stream.onLive(event(1));
    out.capacity = out.queued;
    stream.onLive(event(2));

    assertThat(session.closedWith).isEqualTo(CloseCode.SLOW_CONSUMER);
    assertThat(out.seqs()).containsExactly(1L);
  }

  @Test
  void sendsNothingOnceTheSocketIsClosed() {
    log.store(1, 3);
    stream.ready(3, 0L, "e1", true);
    stream.onLive(event(4));
    session.close(CloseCode.GOING_AWAY);
    log.answerAll();
    stream.onLive(event(5));

    assertThat(out.frames).as("only the READY sent before the close").hasSize(1);
    assertThat(out.seqs()).isEmpty();
  }

  @Test
  void sendsNoReadyOnAClosedSocket() {
    session.close(CloseCode.GOING_AWAY);
    stream.ready(3, 0L, "e1", true);

    assertThat(out.frames).isEmpty();
    assertThat(log.reads).isEmpty();
  }

  @Test
  void readyCarriesTheNewestSeqAndComesFirst() {
    log.store(1, 1);
    stream.ready(1, 0L, "e1", true);
    log.answerAll();

    JsonObject ready = new JsonObject(out.frames.get(0));
    assertThat(ready.getString("type")).isEqualTo("READY");
    assertThat(ready.getJsonObject("data")).isEqualTo(new JsonObject().put("userId", USER).put("lastSeq", 1)
        .put("epoch", "e1").put("recovered", true));
    assertThat(out.seqs()).containsExactly(1L);
  }

  @Test
  void readySaysNotRecoveredWhenToldAndThenReplaysWhatRemains() {
    log.store(4, 5);
    stream.ready(5, 1L, "e1", false);
    log.answerAll();

    assertThat(new JsonObject(out.frames.get(0)).getJsonObject("data").getBoolean("recovered")).isFalse();
    assertThat(out.seqs()).containsExactly(4L, 5L);
  }

  @Test
  void readsNothingWhenThereIsNothingToReplayAndSendsWhatArrivedBeforeReady() {
    stream.onLive(event(4)); // committed after lastSeq was read, arrived before READY went out
    stream.ready(3, null, "e1", true);
    stream.onLive(event(5));

    assertThat(log.reads).as("no store read on a connect without a backlog").isEmpty();
    assertThat(out.seqs()).containsExactly(4L, 5L);
  }

  private static UserEvent event(long seq) {
    return new UserEvent(USER, seq, "PAYMENT_CONFIRMED", new JsonObject().put("n", seq));
  }

  private static UserEvent forged(long seq) {
    return new UserEvent(USER, seq, "PAYMENT_CONFIRMED", new JsonObject().put("paymentId", "forged-" + seq));
  }

  /** The user's stored events; each read is answered when the test says, with what is stored then. */
  private static final class FakeLog implements EventStream.Log {
    private final List<UserEvent> stored = new ArrayList<>();
    private final Deque<Runnable> open = new ArrayDeque<>();
    final List<Long> reads = new ArrayList<>();

    void store(long from, long to) {
      LongStream.rangeClosed(from, to).forEach(seq -> stored.add(event(seq)));
    }

    @Override
    public Future<List<UserEvent>> after(String userId, long since, int limit) {
      assertThat(userId).isEqualTo(USER);
      reads.add(since);
      Promise<List<UserEvent>> answer = Promise.promise();
      open.add(() -> answer.complete(stored.stream().filter(e -> e.seq() > since).limit(limit).toList()));
      return answer.future();
    }

    void answerNext() {
      open.remove().run();
    }

    /** Answers every open read, and the reads those answers lead to. */
    void answerAll() {
      while (!open.isEmpty()) {
        open.remove().run();
      }
    }
  }

  /** A socket whose queue holds {@code capacity} frames until the test drains it. */
  private static final class FakeOutbound implements Outbound {
    final List<String> frames = new ArrayList<>();
    int capacity = Integer.MAX_VALUE;
    int queued;
    private Runnable onDrain;

    @Override
    public void writeText(String text) {
      frames.add(text);
      queued++;
    }

    @Override
    public boolean queueFull() {
      return queued >= capacity;
    }

    @Override
    public void onDrain(Runnable then) {
      onDrain = then;
    }

    void drain() {
      queued = 0;
      Runnable then = onDrain;
      onDrain = null;
      then.run();
    }

    List<Long> seqs() {
      return frames.stream().map(JsonObject::new).filter(f -> f.containsKey("seq")).map(f -> f.getLong("seq")).toList();
    }
  }

  private static final class FakeSession implements EventStream.Session {
    CloseCode closedWith;
    private boolean closed;

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public void close(CloseCode code) {
      if (!closed) {
        closed = true;
        closedWith = code;
      }
    }

    @Override
    public void fail(String what, Throwable cause) {
      close(CloseCode.INTERNAL);
    }
  }
}
