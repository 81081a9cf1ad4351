package io.paynotify.realtime;

import io.paynotify.notify.UserEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The server-to-client half of one socket: READY, the replay of what the client missed
 * ({@code since}) and then live events, merged by seq so that on this connection no event is sent
 * twice and none is skipped. A live event that skips ahead of what the socket has sent is never sent
 * as it came: it makes the stream read the store, and only what the store holds moves the socket on
 * (a forged or misordered message from the cluster can neither show an event that was never stored
 * nor make the socket drop later real ones). A client whose outbound queue is full, or whose held
 * live events pile up, is closed with 4008. Confined to the socket's event loop.
 */
final class EventStream {

  /** What the stream tells its session. */
  interface Session {
    boolean isClosed();

    void close(CloseCode code);

    void fail(String what, Throwable cause);
  }

  /** Where the stream reads what a client missed: the user's stored events after a seq, oldest first. */
  interface Log {
    Future<List<UserEvent>> after(String userId, long since, int limit);
  }

  /**
   * What every stream of an endpoint shares, made once (not three small lambdas per socket): the
   * store's reads, {@code delivered} told of each event frame written, {@code dropped} of live events
   * dropped because the store, read after they arrived, does not hold them.
   */
  record Shared(Log store, Runnable delivered, IntConsumer dropped) { }

  private static final int REPLAY_PAGE = 500;
  private static final int MAX_PENDING = 1000;

  private final Outbound out;
  private final String userId;
  private final Shared shared;
  private final Session session;
  private long lastSent = -1;
  private boolean catchingUp = true;
  private List<UserEvent> pending;
  /** Some held event arrived after the last store read began: that read may predate its commit. */
  private boolean heldSinceRead;
  /** The newest seq the position check found stored since the last store read began (-1: none). */
  private long checkedSinceRead = -1;

  EventStream(Outbound out, String userId, Shared shared, Session session) {
    this.out = out;
    this.userId = userId;
    this.shared = shared;
    this.session = session;
  }

  /**
   * Sends READY, then replays from {@code since} (no store read when there is nothing to replay). {@code recovered} is false when {@code since} was
   * given and some events after it no longer exist (retention), so the client reloads its state.
   */
  void ready(long lastSeq, Long since, String epoch, boolean recovered) {
    if (session.isClosed()) {
      return;
    }
    out.writeText(readyFrame(userId, lastSeq, epoch, recovered));
    lastSent = since == null ? lastSeq : Math.min(since, lastSeq);
    if (lastSent < lastSeq) {
      catchUp(lastSent);
      return;
    }
    // nothing to replay: lastSeq was read after the subscription, so every later event comes live
    caughtUp(false);
  }

  /**
   * Reads stored events after {@code lastSent}, page by page, then drains what arrived meanwhile. A
   * replay waits for the outbound queue to drain (it is the client asking for it); live events don't.
   */
  private void catchUp(long from) {
    catchingUp = true;
    heldSinceRead = false;
    checkedSinceRead = -1;
    shared.store().after(userId, lastSent, REPLAY_PAGE).onComplete(ar -> {
      if (session.isClosed()) {
        return;
      }
      if (ar.failed()) {
        session.fail("could not read missed events", ar.cause());
        return;
      }
      replay(ar.result(), 0, from);
    });
  }

  private void replay(List<UserEvent> page, int index, long from) {
    for (int i = index; i < page.size(); i++) {
      if (session.isClosed()) {
        return;
      }
      if (out.queueFull()) {
        int next = i;
        out.onDrain(() -> replay(page, next, from));
        return;
      }
      write(page.get(i));
    }
    if (page.size() == REPLAY_PAGE) {
      catchUp(lastSent);
    } else if (out.queueFull()) {
      // the replay filled the queue: the live events held meanwhile wait for it too, they are no slow reader's fault
      out.onDrain(() -> replay(page, page.size(), from));
    } else {
      caughtUp(!heldSinceRead);
    }
  }

  /** The read is done: send what was held, and read again if the position check saw more meanwhile. */
  private void caughtUp(boolean storeReadSinceHeld) {
    catchingUp = false;
    drainPending(storeReadSinceHeld);
    if (!catchingUp && !session.isClosed() && checkedSinceRead > lastSent) {
      catchUp(lastSent);
    }
  }

  /**
   * The position check found {@code storedSeq} in the store. If this socket has sent less and is not
   * already catching up, it reads what it lacks through the same catch-up as a resume (merged by seq
   * with live events: nothing twice, nothing skipped). Returns whether it was behind.
   */
  boolean behind(long storedSeq) {
    if (session.isClosed() || storedSeq <= lastSent) {
      return false;
    }
    if (catchingUp) {
      // the read under way may predate that commit, and a recent check offers an event only a few times
      checkedSinceRead = Math.max(checkedSinceRead, storedSeq);
      return false;
    }
    catchUp(lastSent);
    return true;
  }

  static String readyFrame(String userId, long lastSeq, String epoch, boolean recovered) {
    JsonObject data = new JsonObject().put("userId", userId).put("lastSeq", lastSeq).put("epoch", epoch)
        .put("recovered", recovered);
    return new JsonObject().put("type", "READY").put("data", data).encode();
  }

  void onLive(UserEvent event) {
    if (session.isClosed() || event.seq() <= lastSent && !catchingUp) {
      return;
    }
    if (!catchingUp && event.seq() == lastSent + 1) {
      send(event);
      return;
    }
    hold(event);
    if (!catchingUp && !session.isClosed()) {
      catchUp(lastSent);
    }
  }

  private void hold(UserEvent event) {
    if (pending == null) {
      pending = new ArrayList<>(4);
    }
    if (pending.size() >= MAX_PENDING) {
      session.close(CloseCode.SLOW_CONSUMER);
      return;
    }
    pending.add(event);
    heldSinceRead = true;
  }

  /**
   * Sends held live events in seq order while they follow on from what was sent. A held event that
   * skips ahead is never sent from here: seqs are gap-free and an event is published after its commit,
   * so a store read that began after it arrived holds it and everything before it. If no such read
   * has happened yet, read the store; if one has, what is still ahead of it was never stored (a
   * forgery) and is dropped.
   */
  private void drainPending(boolean storeReadSinceHeld) {
    if (pending == null) {
      return;
    }
    pending.sort(Comparator.comparingLong(UserEvent::seq));
    while (!session.isClosed() && !pending.isEmpty()) {
      UserEvent next = pending.get(0);
      if (next.seq() > lastSent + 1) {
        if (!storeReadSinceHeld) {
          catchUp(lastSent);
          return;
        }
        shared.dropped().accept(pending.size());
        break;
      }
      pending.remove(0);
      if (next.seq() > lastSent) {
        send(next);
      }
    }
    pending = null;
  }

  private void send(UserEvent event) {
    if (session.isClosed() || event.seq() <= lastSent) {
      return;
    }
    if (out.queueFull()) {
      session.close(CloseCode.SLOW_CONSUMER);
      return;
    }
    write(event);
  }

  private void write(UserEvent event) {
    if (event.seq() > lastSent) {
      out.writeText(event.frame());
      shared.delivered().run();
      lastSent = event.seq();
    }
  }

  void stop() {
    pending = null;
  }
}
