package io.paynotify.realtime;

import io.paynotify.auth.AuthUser;
import io.paynotify.metrics.Metrics;
import io.paynotify.notify.Addresses;
import io.paynotify.notify.EventStore;
import io.paynotify.notify.UserEvent;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open tab: its lifecycle (subscribe, READY, close, clean up), its liveness (server pings from
 * the registry's shared sweep) and its bounded outbound queue. What the client sends is read by
 * {@link ClientFrames}; what the server sends by {@link EventStream}. Confined to the event loop of
 * its HTTP verticle.
 */
final class SocketSession implements EventStream.Session {

  private static final Logger LOG = LoggerFactory.getLogger(SocketSession.class);
  private static final String PONG = new JsonObject().put("type", "PONG").encode();

  private final ServerWebSocket socket;
  private final AuthUser user;
  private final LastSeqReads lastSeqs;
  private final SessionRegistry registry;
  private final EventStream stream;
  private MessageConsumer<UserEvent> consumer;
  private boolean awaitingPong;
  private boolean closed;

  SocketSession(ServerWebSocket socket, AuthUser user, EventStore store, LastSeqReads lastSeqs, SessionRegistry registry) {
    this.socket = socket;
    this.user = user;
    this.lastSeqs = lastSeqs;
    this.registry = registry;
    this.stream = new EventStream(socket, user.userId(), store, this);
  }

  AuthUser user() {
    return user;
  }

  /** Wires the socket and starts the READY / replay sequence. Call on the socket's event loop. */
  void start(EventBus eventBus, Long since, int outboundQueueBytes) {
    socket.setWriteQueueMaxSize(outboundQueueBytes);
    socket.closeHandler(v -> cleanup());
    socket.exceptionHandler(this::onException);
    ClientFrames frames = new ClientFrames(() -> socket.writeTextMessage(PONG), () -> awaitingPong = false, this::close);
    socket.frameHandler(frames::handle);
    socket.pongHandler(b -> awaitingPong = false);
    registry.add(this);
    consumer = eventBus.localConsumer(Addresses.user(user.userId()), message -> stream.onLive(message.body()));
    consumer.completion()
        .compose(v -> lastSeqs.lastSeq(user.userId()))
        .onSuccess(lastSeq -> stream.ready(lastSeq, since))
        .onFailure(e -> fail("could not subscribe", e));
  }

  /**
   * Netty's decoder refuses a frame it cannot accept (over the frame limit, invalid UTF-8, a broken
   * frame) and leaves the answer to us: close with the matching code, 1009, 1007 or 1002.
   */
  private void onException(Throwable e) {
    LOG.debug("socket of user {} failed: {}", user.userId(), e.getClass().getSimpleName());
    if (e instanceof CorruptedWebSocketFrameException corrupt) {
      int status = corrupt.closeStatus().code();
      close(status == WebSocketCloseStatus.MESSAGE_TOO_BIG.code() ? CloseCode.TOO_BIG
          : status == WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code() ? CloseCode.INVALID_DATA : CloseCode.PROTOCOL_ERROR);
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

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close(CloseCode code) {
    if (!closed) {
      Metrics.socketClosed(code);
      socket.close(code.code(), code.reason());
      cleanup();
    }
  }

  @Override
  public void fail(String what, Throwable cause) {
    LOG.warn("closing a socket of user {}: {} ({})", user.userId(), what, cause.toString());
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
