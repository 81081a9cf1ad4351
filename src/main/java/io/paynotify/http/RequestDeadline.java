package io.paynotify.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import io.paynotify.error.ErrorCode;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request must arrive whole (headers and body) within {@link #LIMIT} of its first byte, or of the
 * connection's opening: else 408 and the connection is closed. The idle timeout alone does not do it,
 * since a client that trickles a byte every few seconds is never idle. Per connection, on its event
 * loop: armed when bytes arrive and no whole request is being answered, disarmed once the request has
 * ended; a WebSocket connection is let go once upgraded (it has pings and its own limits). Vert.x has no
 * option for this: it sits first in the connection's Netty pipeline (Vert.x's internal connection type),
 * which exists from the first byte only when h2c upgrades are off (see {@link HttpVerticle}).
 *
 * <p>After the 408 the connection closes gently: its sending half first, then, while what the client
 * still trickles in is read and dropped, the rest once the client closes or {@link #LINGER} has passed.
 * Closing at once with the client's bytes unread would make the kernel answer with a reset, and a
 * reset can reach the client before it has read the 408.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {

  static final Duration LIMIT = Duration.ofSeconds(10);
  private static final Duration LINGER = Duration.ofSeconds(2);
  private static final String NAME = "paynotify-request-deadline";
  private static final String BODY = new JsonObject().put("error", ErrorCode.REQUEST_TIMEOUT.wire())
      .put("message", "the request did not arrive whole in time").encode();

  private final Duration limit;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private HttpServerRequest current;
  private boolean closing;

  private RequestDeadline(Duration limit) {
    this.limit = limit;
  }

  /** Watches a new connection; its first request is due from now. */
  static void watch(HttpConnection connection, Duration limit) {
    if (connection instanceof ConnectionBase base) {
      base.channel().pipeline().addFirst(NAME, new RequestDeadline(limit));
    }
  }

  /** A request's headers have arrived on a watched connection. */
  static void started(HttpServerRequest request) {
    if (request.connection() instanceof ConnectionBase base
        && base.channel().pipeline().get(NAME) instanceof RequestDeadline deadline) {
      deadline.current = request;
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    ctx = context;
    arm();
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg); // the 408 is out: what still trickles in is dropped
      return;
    }
    if (timer == null && !beingAnswered()) {
      arm();
    }
    context.fireChannelRead(msg);
    if (upgraded()) {
      letGo();
    } else if (current != null && current.isEnded()) {
      disarm(); // it arrived whole (answered already, or being answered): the next bytes start the next one
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    disarm();
    current = null;
    context.fireChannelInactive();
  }

  /** The current request has arrived whole and its answer is not finished. */
  private boolean beingAnswered() {
    return current != null && current.isEnded() && !current.response().ended();
  }

  private void arm() {
    timer = ctx.executor().schedule(this::expire, limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire() {
    timer = null;
    if (upgraded()) {
      letGo();
    } else if (!beingAnswered()) {
      timeOut();
    }
  }

  /** 408 where no answer has begun (through Vert.x when it knows the request), then the connection closes. */
  private void timeOut() {
    HttpServerRequest request = current;
    if (request == null || request.isEnded() && request.response().ended()) {
      // the headers of a request have not all arrived: Vert.x has no request to answer
      FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT,
          Unpooled.copiedBuffer(BODY, StandardCharsets.UTF_8));
      answer.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
          .set(HttpHeaderNames.CONTENT_LENGTH, answer.content().readableBytes())
          .set(HttpHeaderNames.CONNECTION, "close");
      ctx.channel().writeAndFlush(answer).addListener(written -> closeGently());
    } else if (!request.response().headWritten()) {
      request.response().setStatusCode(408).putHeader("content-type", "application/json")
          .putHeader("connection", "close").end(BODY).onComplete(done -> closeGently());
    } else {
      ctx.channel().close();
    }
  }

  /** Sends FIN, drops what still arrives, and closes once the client has closed or {@link #LINGER} has passed. */
  private void closeGently() {
    closing = true;
    if (ctx.channel() instanceof DuplexChannel duplex && duplex.isActive() && !duplex.isOutputShutdown()) {
      duplex.shutdownOutput();
      ScheduledFuture<?> cut = ctx.executor().schedule(() -> ctx.channel().close(),
          LINGER.toMillis(), TimeUnit.MILLISECONDS);
      duplex.closeFuture().addListener(closed -> cut.cancel(false)); // closed sooner: no timer left
    } else {
      ctx.channel().close();
    }
  }

  private boolean upgraded() {
    return ctx.pipeline().get(WebSocketFrameDecoder.class) != null;
  }

  private void letGo() {
    disarm();
    current = null;
    ctx.pipeline().remove(this);
  }
}
