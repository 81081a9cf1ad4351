package io.paynotify.realtime;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import io.paynotify.error.AppException;
import io.paynotify.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The WebSocket handshake of an admitted upgrade, and the connection it leaves: the 101 goes out
 * through Vert.x's own response (so the HTTP exchange ends as any other: its metrics and access line,
 * the connection ready for its next state), then the connection's Netty pipeline drops the HTTP codec
 * and the idle timeout and takes Netty's WebSocket frame codec and a {@link FrameChannel}, in front
 * of Vert.x's connection handler, which stays for the connection's close and metrics and is handed
 * nothing else. An idle socket then keeps no upgrade request, no headers and no second outbound queue
 * (Vert.x's own WebSocket keeps all three for the socket's life). Vert.x has no public way to reach a
 * connection's pipeline, so this is the one place that uses its internal {@code ConnectionBase};
 * {@code LeanSocketIT} fails when a Vert.x upgrade changes what it relies on.
 */
final class SocketHandshake {

  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final String HTTP_DECODER = "httpDecoder";
  private static final String HTTP_ENCODER = "httpEncoder";
  private static final String VERTX_HANDLER = "handler";
  /** The frame encoder keeps no state per connection: one for every socket of the node. */
  private static final ChannelHandler ENCODER = new SharedFrameEncoder();

  private final WebSocketDecoderConfig decoderConfig;
  private final WriteBufferWaterMark outboundQueue;
  /** One per endpoint, which lives on one event loop: no provider lookup per upgrade (~4% of a connect's CPU in a profile). */
  private final MessageDigest sha1 = sha1();

  /**
   * {@code maxFrameBytes}: Netty's frame limit (a frame over it is answered with 1009 and the
   * connection closed); {@code outboundQueueBytes}: the bytes a socket may have waiting to be sent
   * before {@link FrameChannel#queueFull()}.
   */
  SocketHandshake(int maxFrameBytes, int outboundQueueBytes) {
    this.decoderConfig = WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxFrameBytes)
        .expectMaskedFrames(true).allowMaskMismatch(false).allowExtensions(false)
        .closeOnProtocolViolation(true).withUTF8Validator(false).build();
    this.outboundQueue = new WriteBufferWaterMark(outboundQueueBytes / 2, outboundQueueBytes);
  }

  /**
   * What RFC 6455 asks of the request before any other check: {@code Connection: Upgrade}, no body
   * and a key (else 400), version 13 (else 426, naming the version). Null when it may go on.
   */
  static AppException refusal(HttpServerRequest request) {
    String connection = request.getHeader(HttpHeaderNames.CONNECTION);
    if (connection == null || !connection.toLowerCase().contains("upgrade")) {
      return AppException.badRequest("expected Connection: Upgrade");
    }
    if (request.getHeader(HttpHeaderNames.CONTENT_LENGTH) != null && !"0".equals(request.getHeader(HttpHeaderNames.CONTENT_LENGTH))
        || request.getHeader(HttpHeaderNames.TRANSFER_ENCODING) != null) {
      return AppException.badRequest("a WebSocket upgrade has no body");
    }
    if (request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_KEY) == null) {
      return AppException.badRequest("the WebSocket handshake needs Sec-WebSocket-Key");
    }
    if (!"13".equals(request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
      request.response().putHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
      return new AppException(ErrorCode.UPGRADE_REQUIRED, "this server speaks WebSocket version 13");
    }
    return null;
  }

  /**
   * Once the request has arrived whole (a paused request's end is queued), answers 101 and turns
   * the connection into {@code socket}. The future fails, with nothing written, when the connection
   * is not one this class can take over or has gone.
   */
  Future<Void> accept(HttpServerRequest request, FrameChannel socket) {
    if (!(request.connection() instanceof ConnectionBase connection)
        || connection.channel().pipeline().get(HTTP_DECODER) == null) {
      return Future.failedFuture(new IllegalStateException("not an HTTP/1.1 connection of Vert.x's known shape"));
    }
    Future<Void> arrived = request.isEnded() ? Future.succeededFuture() : request.end();
    request.resume();
    return arrived.compose(v -> {
      if (!connection.channel().isActive()) {
        return Future.failedFuture(new IllegalStateException("the connection closed during the handshake"));
      }
      respond(request, sha1);
      try {
        takeOver(connection.channel().pipeline(), socket);
      } catch (RuntimeException e) { // a pipeline of another shape: the 101 is out, so the connection cannot be kept
        connection.channel().close();
        return Future.failedFuture(e);
      }
      return Future.succeededFuture();
    });
  }

  /**
   * The 101, ended at once through Vert.x's response. Vert.x gives an ended response a
   * {@code Content-Length}, which a 1xx must not carry; Netty's response encoder strips it from a 101
   * that names its {@code Sec-WebSocket-Version} (it treats such a response as one without content),
   * and a client ignores that header on success (RFC 6455 §4.2.2 allows any other). The token
   * offered in {@code Sec-WebSocket-Protocol} is never echoed.
   */
  private static void respond(HttpServerRequest request, MessageDigest sha1) {
    HttpServerResponse response = request.response().setStatusCode(101);
    response.headers().set(HttpHeaderNames.UPGRADE, "websocket").set(HttpHeaderNames.CONNECTION, "Upgrade")
        .set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, acceptKey(sha1, request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_KEY)))
        .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
    if (SocketProtocol.offersV1(request)) {
      response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, SocketProtocol.V1);
    }
    response.end();
  }

  /**
   * Frame encoder where the HTTP decoder was (nearer the head than the decoder, so that the
   * decoder's own close frames are encoded), frame decoder after it, the socket before Vert.x's
   * handler; the HTTP decoder goes last, handing any bytes it still holds to the frame decoder.
   */
  private void takeOver(ChannelPipeline pipeline, FrameChannel socket) {
    pipeline.addBefore(HTTP_DECODER, "wsEncoder", ENCODER);
    pipeline.addAfter(HTTP_DECODER, "wsDecoder", new WebSocket13FrameDecoder(decoderConfig));
    pipeline.remove(HTTP_ENCODER);
    for (String compression : new String[] {"inflater", "deflater"}) {
      if (pipeline.get(compression) != null) {
        pipeline.remove(compression);
      }
    }
    if (pipeline.get(IdleStateHandler.class) != null) {
      pipeline.remove(IdleStateHandler.class); // liveness is the ping sweep's: no timer per socket
    }
    pipeline.channel().config().setWriteBufferWaterMark(outboundQueue);
    pipeline.addBefore(VERTX_HANDLER, "paynotifySocket", socket);
    pipeline.remove(HTTP_DECODER);
  }

  /** {@code Sec-WebSocket-Accept}: base64 of the SHA-1 of the key and the protocol's GUID (RFC 6455 §4.2.2). */
  static String acceptKey(String key) {
    return acceptKey(sha1(), key);
  }

  private static String acceptKey(MessageDigest sha1, String key) {
    return Base64.getEncoder().encodeToString(sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII)));
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  /** Netty's frame encoder holds nothing per connection: shared, it costs no handler instance per socket. */
  @ChannelHandler.Sharable
  private static final class SharedFrameEncoder extends WebSocket13FrameEncoder {
    SharedFrameEncoder() {
      super(false);
    }
  }
}
