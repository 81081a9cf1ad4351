package io.paynotify.realtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * What a client may send on its socket, frame by frame. A message (one frame, or a first frame and
 * its continuations) is reassembled up to {@link #MAX_MESSAGE} bytes; one byte more and the socket is
 * closed with 1009, so a client cannot make the server buffer more than that however it fragments.
 * A text message {@code {"type":"PING"}} is answered with {@code {"type":"PONG"}}; every other text
 * message and every binary message is ignored; a text message that is not UTF-8 closes with 1007.
 * Made on a socket's first data frame: most sockets never send one.
 */
final class ClientFrames {

  static final int MAX_MESSAGE = 4096;

  private final Runnable onPing;
  private final Consumer<CloseCode> onViolation;
  private ByteBuf message;
  private boolean text;

  ClientFrames(Runnable onPing, Consumer<CloseCode> onViolation) {
    this.onPing = onPing;
    this.onViolation = onViolation;
  }

  /** A text, binary or continuation frame; its content stays the caller's to release. */
  void handle(WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
      text = frame instanceof TextWebSocketFrame;
      message = Unpooled.buffer(0, MAX_MESSAGE);
    } else if (!(frame instanceof ContinuationWebSocketFrame) || message == null) {
      return;
    }
    ByteBuf data = frame.content();
    if (message.readableBytes() + data.readableBytes() > MAX_MESSAGE) {
      message = null;
      onViolation.accept(CloseCode.TOO_BIG);
      return;
    }
    message.writeBytes(data, data.readerIndex(), data.readableBytes());
    if (frame.isFinalFragment()) {
      ByteBuf complete = message;
      message = null;
      if (text) {
        onText(complete);
      }
    }
  }

  /** A text message must be UTF-8 (else 1007, as RFC 6455 asks); a PING is answered. */
  private void onText(ByteBuf complete) {
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(complete.nioBuffer()).toString();
    } catch (CharacterCodingException e) {
      onViolation.accept(CloseCode.INVALID_DATA);
      return;
    }
    if (isPing(decoded)) {
      onPing.run();
    }
  }

  private static boolean isPing(String text) {
    if (text.length() > 256) {
      return false;
    }
    try {
      return "PING".equals(new JsonObject(text).getValue("type"));
    } catch (DecodeException | ClassCastException e) {
      return false;
    }
  }
}
