package io.paynotify.realtime;

import io.paynotify.auth.AuthUser;
import io.paynotify.logging.LogFields;
import io.paynotify.metrics.NodeMetrics;
import io.paynotify.notify.Addresses;
import io.paynotify.notify.UserEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open tab: its lifecycle (subscribe, READY, close, clean up), its liveness (server pings from
 * the registry's shared sweep) and its bounded outbound queue. The wire is its {@link FrameChannel};
 * what the client sends is read by {@link ClientFrames}, what the server sends by {@link EventStream}.
 * Confined to the event loop of its HTTP verticle.
 */
final class SocketSession implements EventStream.Session, Outbound, PositionCheck.Positioned, FrameChannel.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(SocketSession.class);
  private static final String PONG = new JsonObject().put("type", "PONG").encode();

  private final FrameChannel socket;
  private final AuthUser user;
  private final ResumeReads resumes;
  private final SessionRegistry registry;
  private final NodeMetrics metrics;
  private final EventStream stream;
  private final String epoch;
  private MessageConsumer<UserEvent> consumer;
  private ClientFrames frames;
  private Runnable onDrain;
  private boolean awaitingPong;
  private boolean closed;

  SocketSession(FrameChannel socket, AuthUser user, EventStream.Shared streams, ResumeReads resumes,
                SessionRegistry registry, NodeMetrics metrics, String epoch) {
    this.socket = socket;
    this.epoch = epoch;
    this.user = user;
    this.resumes = resumes;
    this.registry = registry;
    this.metrics = metrics;
    this.stream = new EventStream(this, user.userId(), streams, this);
    socket.listener(this);
  }

  AuthUser user() {
    return user;
  }

  @Override
  public String userId() {
    return user.userId();
  }

  @Override
  public boolean behind(long storedSeq) {
    return stream.behind(storedSeq);
  }

  /** Subscribes and starts the READY / replay sequence. Call on the socket's event loop, once its channel is open. */
  void start(EventBus eventBus, Long since) {
    registry.add(this);
    if (closed) { // the connection went during the handshake: free its place at once
      registry.remove(this);
      return;
    }
    consumer = eventBus.localConsumer(Addresses.user(user.userId()), message -> stream.onLive(message.body()));
    consumer.completion()
        .compose(v -> resumes.resumePoint(user.userId(), since))
        .onSuccess(point -> stream.ready(point.lastSeq(), since, epoch, point.recovered()))
        .onFailure(e -> fail("could not subscribe", e));
  }

  @Override
  public void onData(WebSocketFrame frame) {
    if (frames == null) {
      frames = new ClientFrames(this::pong, this::close);
    }
    frames.handle(frame);
  }

  @Override
  public void onAlive() {
    awaitingPong = false;
  }

  @Override
  public void onQueueOverflow() {
    close(CloseCode.SLOW_CONSUMER);
  }

  @Override
  public void onWritable() {
    Runnable then = onDrain;
    if (then != null) {
      onDrain = null;
      then.run();
    }
  }

  @Override
  public void onClosed() {
    cleanup();
  }

  /**
   * Answers a client's PING in the same bounded queue as its events: a client that sends PINGs faster
   * than it reads their PONGs is a slow reader like any other (4008, counted), not a way to grow the heap.
   */
  private void pong() {
    if (socket.queueFull()) {
      close(CloseCode.SLOW_CONSUMER);
      return;
    }
    socket.writeText(PONG);
  }

  /** Called by the registry's shared sweep: pings, or closes a socket whose last ping went unanswered. */
  void ping() {
    if (awaitingPong) {
      close(CloseCode.PING_TIMEOUT);
      return;
    }
    awaitingPong = true;
    socket.ping();
  }

  @Override
  public void writeText(String text) {
    socket.writeText(text);
  }

  @Override
  public boolean queueFull() {
    return socket.queueFull();
  }

  @Override
  public void onDrain(Runnable then) {
    onDrain = then;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close(CloseCode code) {
    if (!closed) {
      if (code == CloseCode.SLOW_CONSUMER) {
        metrics.slowConsumerClosed();
      }
      socket.close(code.code(), code.reason());
      cleanup();
    }
  }

  @Override
  public void fail(String what, Throwable cause) {
    try (LogFields fields = LogFields.user(user.userId())) {
      LOG.warn("closing a socket of user {}: {} ({})", user.userId(), what, cause.toString());
    }
    close(CloseCode.INTERNAL);
  }

  private void cleanup() {
    if (closed) {
      return;
    }
    closed = true;
    stream.stop();
    registry.remove(this);
    if (consumer != null) {
      consumer.unregister();
    }
  }
}
