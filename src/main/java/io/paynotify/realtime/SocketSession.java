package io.paynotify.realtime;

import io.paynotify.auth.AuthUser;
import io.paynotify.metrics.Metrics;
import io.paynotify.notify.Addresses;
import io.paynotify.notify.EventStore;
import io.paynotify.notify.UserEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open tab. Subscribes first, then reads the user's newest seq, sends READY, replays what the
 * client missed ({@code since}) and then live events, merging both by seq so that on this connection
 * no event is sent twice and none is skipped. Confined to the event loop of its HTTP verticle.
 */
final class SocketSession {

  private static final Logger LOG = LoggerFactory.getLogger(SocketSession.class);
  private static final int REPLAY_PAGE = 500;
  private static final int MAX_PENDING = 1000;
  private static final String PONG = new JsonObject().put("type", "PONG").encode();

  private final ServerWebSocket socket;
  private final AuthUser user;
  private final EventStore store;
  private final SessionRegistry registry;
  private MessageConsumer<UserEvent> consumer;
  private long lastSent = -1;
  private boolean catchingUp = true;
  private List<UserEvent> pending;
  private boolean awaitingPong;
  private boolean closed;

  SocketSession(ServerWebSocket socket, AuthUser user, EventStore store, SessionRegistry registry) {
    this.socket = socket;
    this.user = user;
    this.store = store;
    this.registry = registry;
  }

  AuthUser user() {
    return user;
  }

  /** Wires the socket and starts the READY / replay sequence. Call on the socket's event loop. */
  void start(EventBus eventBus, Long since) {
    socket.closeHandler(v -> cleanup());
    socket.exceptionHandler(e -> LOG.debug("socket of user {} failed: {}", user.userId(), e.toString()));
    socket.textMessageHandler(this::onClientText);
    socket.binaryMessageHandler(b -> awaitingPong = false);
    socket.pongHandler(b -> awaitingPong = false);
    registry.add(this);
    consumer = eventBus.localConsumer(Addresses.user(user.userId()), message -> onLive(message.body()));
    consumer.completion()
        .compose(v -> store.lastSeq(user.userId()))
        .onSuccess(lastSeq -> ready(lastSeq, since))
        .onFailure(e -> fail("could not subscribe", e));
  }

  private void ready(long lastSeq, Long since) {
    if (closed) {
      return;
    }
    JsonObject data = new JsonObject().put("userId", user.userId()).put("lastSeq", lastSeq);
    socket.writeTextMessage(new JsonObject().put("type", "READY").put("data", data).encode());
    lastSent = since == null ? lastSeq : Math.min(since, lastSeq);
    catchUp(lastSent);
  }

  /**
   * Reads stored events after {@code lastSent}, page by page, then drains what arrived meanwhile. A
   * large backlog is paced by the socket's write queue (only live events overflowing it mean "too slow").
   */
  private void catchUp(long from) {
    catchingUp = true;
    store.after(user.userId(), lastSent, REPLAY_PAGE).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.failed()) {
        fail("could not read missed events", ar.cause());
        return;
      }
      replay(ar.result(), 0, from);
    });
  }

  /** Sends a page of stored events, waiting for the socket to drain whenever its write queue is full. */
  private void replay(List<UserEvent> page, int index, long from) {
    for (int i = index; i < page.size() && !closed; i++) {
      if (socket.writeQueueFull()) {
        int next = i;
        whenDrained(() -> replay(page, next, from));
        return;
      }
      send(page.get(i));
    }
    if (closed) {
      return;
    }
    if (page.size() == REPLAY_PAGE) {
      catchUp(lastSent);
    } else {
      catchingUp = false;
      drainPending(lastSent == from);
    }
  }

  /** Holds live events until the socket's write queue has drained, then runs {@code next}. */
  private void whenDrained(Runnable next) {
    catchingUp = true;
    socket.drainHandler(v -> {
      socket.drainHandler(null);
      if (!closed) {
        next.run();
      }
    });
  }

  private void onLive(UserEvent event) {
    if (closed || event.seq() <= lastSent && !catchingUp) {
      return;
    }
    if (!catchingUp && event.seq() == lastSent + 1) {
      send(event);
      return;
    }
    hold(event);
    if (!catchingUp) {
      catchUp(lastSent);
    }
  }

  private void hold(UserEvent event) {
    if (pending == null) {
      pending = new ArrayList<>(4);
    }
    if (pending.size() >= MAX_PENDING) {
      close(CloseCode.SLOW_CONSUMER);
      return;
    }
    pending.add(event);
  }

  /**
   * Sends held live events in seq order. A gap means an event is still on its way from another node:
   * read the store once more; if the store has nothing new either, the gap is real and is passed.
   */
  private void drainPending(boolean storeHadNothing) {
    if (pending == null) {
      return;
    }
    pending.sort(Comparator.comparingLong(UserEvent::seq));
    while (!closed && !pending.isEmpty()) {
      UserEvent next = pending.get(0);
      if (next.seq() > lastSent + 1 && !storeHadNothing) {
        catchUp(lastSent);
        return;
      }
      if (socket.writeQueueFull()) {
        whenDrained(() -> {
          catchingUp = false;
          drainPending(storeHadNothing);
        });
        return;
      }
      pending.remove(0);
      if (next.seq() > lastSent) {
        send(next);
      }
    }
    pending = null;
  }

  private void send(UserEvent event) {
    if (closed || event.seq() <= lastSent) {
      return;
    }
    if (socket.writeQueueFull()) {
      close(CloseCode.SLOW_CONSUMER);
      return;
    }
    socket.writeTextMessage(event.frame());
    Metrics.eventDelivered();
    lastSent = event.seq();
  }

  private void onClientText(String text) {
    awaitingPong = false;
    if (text.length() <= 64 && text.replace(" ", "").equals("{\"type\":\"PING\"}")) {
      socket.writeTextMessage(PONG);
    }
  }

  /** Called by the registry's shared sweep: pings, or closes a socket whose last ping went unanswered. */
  void ping() {
    if (awaitingPong) {
      close(CloseCode.PING_TIMEOUT);
      return;
    }
    awaitingPong = true;
    socket.writePing(Buffer.buffer());
  }

  void close(CloseCode code) {
    if (!closed) {
      Metrics.socketClosed(code);
      socket.close(code.code(), code.reason());
      cleanup();
    }
  }

  private void fail(String what, Throwable cause) {
    LOG.warn("closing a socket of user {}: {} ({})", user.userId(), what, cause.toString());
    close(CloseCode.INTERNAL);
  }

  private void cleanup() {
    if (closed) {
      return;
    }
    closed = true;
    pending = null;
    registry.remove(this);
    if (consumer != null) {
      consumer.unregister();
    }
  }
}
