package io.paynotify.realtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket after the upgrade, as a handler in its connection's Netty pipeline, between Netty's
 * frame codec and Vert.x's connection handler (kept at the end of the pipeline for the connection's
 * close and metrics, and handed nothing else). It answers the protocol's own frames (a client's ping
 * with a pong, a close with a close), hands data frames and signs of life to its {@link Listener},
 * and writes text, pings and closes. Its outbound queue is the channel's: bounded by the channel's
 * write-buffer water mark, {@link #queueFull()} once over it. Confined to the channel's event loop,
 * which is its HTTP verticle's.
 */
final class FrameChannel extends ChannelInboundHandlerAdapter {

  /** What the socket's session is told. */
  interface Listener {
    /** A text, binary or continuation frame (its content is released after the call). */
    void onData(WebSocketFrame frame);

    /** Any frame from the client: it is alive. */
    void onAlive();

    /** A frame the protocol makes us answer (a ping's pong) finds the outbound queue full. */
    void onQueueOverflow();

    /** The outbound queue has room again. */
    void onWritable();

    /** The connection is gone (closed by either side, or broken). */
    void onClosed();
  }

  /** How long a close we started waits for the client's close before the connection is cut. */
  static final long CLOSING_TIMEOUT_MILLIS = 10_000;
  /** A ping frame as the encoder would write it (FIN, opcode 9, no payload): written as is, every interval. */
  private static final ByteBuf PING = Unpooled.unreleasableBuffer(Unpooled.directBuffer(2).writeByte(0x89).writeByte(0x00));
  private static final Logger LOG = LoggerFactory.getLogger(FrameChannel.class);

  private ChannelHandlerContext ctx;
  private Listener listener;
  private boolean closing;

  void listener(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    ctx = context;
  }

  void writeText(String text) {
    ctx.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(ctx.alloc(), text)), ctx.voidPromise());
  }

  /** One write of a shared, pre-encoded frame: nothing allocated but the buffer's view. */
  void ping() {
    ctx.writeAndFlush(PING.duplicate(), ctx.voidPromise());
  }

  boolean queueFull() {
    return !ctx.channel().isWritable();
  }

  /**
   * Sends a close frame and waits for the client's (it may still be sending), at most
   * {@link #CLOSING_TIMEOUT_MILLIS}, before cutting the connection: a server that closes at once can
   * make the client's kernel discard the close frame unread.
   */
  void close(int code, String reason) {
    if (closing || !ctx.channel().isActive()) {
      return;
    }
    closing = true;
    ctx.writeAndFlush(new CloseWebSocketFrame(code, reason));
    ScheduledFuture<?> cut = ctx.executor().schedule(() -> ctx.channel().close(),
        CLOSING_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    ctx.channel().closeFuture().addListener(closed -> cut.cancel(false)); // a mass close holds no timers for 10 s
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    try {
      if (!(msg instanceof WebSocketFrame frame)) {
        return; // the frame decoder passes only frames; anything else has no reader here
      }
      listener.onAlive();
      if (frame instanceof TextWebSocketFrame || frame instanceof ContinuationWebSocketFrame
          || frame instanceof BinaryWebSocketFrame) {
        listener.onData(frame);
      } else if (frame instanceof PingWebSocketFrame) {
        pong(frame);
      } else if (frame instanceof CloseWebSocketFrame close) {
        onClose(close);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** A client's ping is answered through the same bounded queue as everything else (see SocketSession's PONG). */
  private void pong(WebSocketFrame ping) {
    if (queueFull()) {
      listener.onQueueOverflow();
      return;
    }
    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
  }

  /** The client closes: echo its code (RFC 6455 §5.5.1) and close; or it answers the close we sent. */
  private void onClose(CloseWebSocketFrame close) {
    if (closing) {
      ctx.channel().close();
      return;
    }
    closing = true;
    int code = close.statusCode();
    CloseWebSocketFrame echo = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, null);
    ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    if (context.channel().isWritable()) {
      listener.onWritable();
    }
  }

  /**
   * Netty's decoder has already answered a frame it refuses (1009 over the frame limit, 1002 a broken
   * frame) and closed; a broken connection is closed. Not passed on: Vert.x's handler has no socket to tell.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    if (!(cause instanceof CorruptedWebSocketFrameException)) {
      LOG.debug("a socket's connection failed: {}", cause.getClass().getSimpleName());
    }
    context.channel().close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    listener.onClosed();
    context.fireChannelInactive(); // Vert.x's connection: its close and its metrics
  }
}
